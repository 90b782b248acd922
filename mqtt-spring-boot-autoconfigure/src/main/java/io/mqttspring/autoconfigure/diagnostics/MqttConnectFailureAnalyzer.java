package io.mqttspring.autoconfigure.diagnostics;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

import io.mqttspring.connection.MqttConnectException;
import io.mqttspring.connection.ServerUris;
import io.mqttspring.connection.TlsProblem;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.MqttTransportException.Kind;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link MqttConnectException}: where the application tried to connect, as
 * which client, why the broker or the network refused it (with the broker's reason code
 * where there is one), and which property to change. It never shows a password: the
 * reasons carry none, and user information in a server URI is left out.
 */
class MqttConnectFailureAnalyzer extends AbstractFailureAnalyzer<MqttConnectException> {

	private static final String START_WITHOUT_BROKER = " To start without the broker and connect once it is "
			+ "reachable, set mqtt.fail-fast=false.";

	private static final String CREDENTIALS = "mqtt.username and mqtt.password (or what your "
			+ "MqttCredentialsProvider or MqttConnectionDetails bean supplies)";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MqttConnectException cause) {
		String description = "Could not connect to the MQTT broker " + brokers(cause.getServerUris()) + " as client '"
				+ cause.getClientId() + "' (" + cause.getProtocolVersion() + "): " + cause.getReason()
				+ ". With mqtt.fail-fast=true the application does not start without its broker.";
		return new FailureAnalysis(description, action(cause), cause);
	}

	private String action(MqttConnectException exception) {
		if (exception.getTlsProblem() != null) {
			return tlsAction(exception.getTlsProblem());
		}
		MqttTransportException failure = exception.getFailure();
		if (failure.getKind() == Kind.PROTOCOL_VERSION) {
			return "Set mqtt.protocol-version to " + otherVersions(exception.getProtocolVersion())
					+ ", whichever the broker speaks: brokers that speak only MQTT 3.1.1 (NATS, RabbitMQ before 3.13) "
					+ "need mqtt.protocol-version=3.1.1.";
		}
		if (failure.getKind() == Kind.REFUSED) {
			return refusalAction(failure.getReasonCode(), exception.getClientId());
		}
		if (findCause(failure, UnknownHostException.class) != null) {
			return "Correct the host name in mqtt.server-uris: it does not resolve." + START_WITHOUT_BROKER;
		}
		if (findCause(failure, ConnectException.class) != null
				|| findCause(failure, NoRouteToHostException.class) != null
				|| findCause(failure, SocketTimeoutException.class) != null) {
			return "Start the broker, or correct the host and port in mqtt.server-uris: nothing accepted the "
					+ "connection there." + START_WITHOUT_BROKER;
		}
		if (failure.getKind() == Kind.TIMEOUT) {
			return "Check that mqtt.server-uris points at an MQTT listener of the broker with the matching scheme "
					+ "(tcp:// plain, ssl:// TLS, ws:// and wss:// WebSockets), or raise mqtt.connection-timeout if "
					+ "the broker is slow to answer." + START_WITHOUT_BROKER;
		}
		return "Check mqtt.server-uris and the broker's log." + START_WITHOUT_BROKER;
	}

	private static String refusalAction(int reasonCode, String clientId) {
		return switch (reasonCode) {
			case 0x86, 0x8C -> "Correct " + CREDENTIALS + ": the broker does not accept them.";
			case 0x87 -> "Check " + CREDENTIALS + ": some brokers, Mosquitto among them, answer a wrong password "
					+ "with this code. If they are right, the broker's access rules do not let this user or client id "
					+ "connect.";
			case 0x85 -> "Set mqtt.client-id to a client id the broker accepts (brokers may limit its length and "
					+ "characters, or expect a prefix).";
			case 0x8A -> "Ask the broker's administrator why client '" + clientId + "' is banned.";
			case 0x84 -> "Set mqtt.protocol-version to a version the broker speaks.";
			case 0x88, 0x89, 0x8B, 0x9F -> "Start the application again once the broker accepts connections."
					+ START_WITHOUT_BROKER;
			case 0x9C, 0x9D -> "Point mqtt.server-uris at the server the broker refers clients to.";
			default -> "Read the broker's log for why it refused client '" + clientId + "'.";
		};
	}

	private static String tlsAction(TlsProblem problem) {
		return switch (problem) {
			case CERTIFICATE_NOT_TRUSTED -> "Trust the certificate authority that issued the broker's certificate: "
					+ "add its certificate to the trust store of the SSL bundle named by mqtt.ssl.bundle "
					+ "(spring.ssl.bundle.pem.<name>.truststore.certificate or "
					+ "spring.ssl.bundle.jks.<name>.truststore.location), or set mqtt.ssl.bundle to a bundle that "
					+ "does.";
			case HOSTNAME_MISMATCH -> "Connect with a host name the broker's certificate was issued for "
					+ "(mqtt.server-uris), or give the broker a certificate whose subject alternative names include "
					+ "the host name of the server URI.";
			case CERTIFICATE_EXPIRED -> "Renew the broker's certificate, and check the clock of this machine.";
			case CLIENT_CERTIFICATE_REQUIRED, CLIENT_CERTIFICATE_REFUSED -> "Give the SSL bundle named by "
					+ "mqtt.ssl.bundle a key store (spring.ssl.bundle.pem.<name>.keystore.* or "
					+ "spring.ssl.bundle.jks.<name>.keystore.*) with the client's key and a certificate issued by an "
					+ "authority the broker trusts.";
			case NO_COMMON_PROTOCOL -> "Offer a TLS version and cipher suite the broker accepts, with the SSL "
					+ "bundle's options (spring.ssl.bundle.<type>.<name>.options.enabled-protocols and .ciphers).";
			case NOT_TLS -> "Use the broker's TLS port in the ssl:// or wss:// URI of mqtt.server-uris, or tcp:// for "
					+ "a plain listener.";
			case OTHER -> "Check the TLS set-up of the broker and of the SSL bundle named by mqtt.ssl.bundle.";
		};
	}

	private static String otherVersions(MqttProtocolVersion version) {
		return switch (version) {
			case MQTT_5 -> "3.1.1 (or 3.1)";
			case MQTT_3_1_1 -> "5 or 3.1";
			case MQTT_3_1 -> "3.1.1 (or 5)";
		};
	}

	private static String brokers(List<String> serverUris) {
		List<String> shown = serverUris.stream().map(ServerUris::withoutUserInfo).toList();
		return (shown.size() == 1) ? "at " + shown.get(0) : "at any of " + shown;
	}

}
