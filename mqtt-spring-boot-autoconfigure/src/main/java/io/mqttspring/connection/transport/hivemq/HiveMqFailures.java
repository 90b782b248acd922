package io.mqttspring.connection.transport.hivemq;

import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttReasonCodes;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.MqttTransportException.Kind;
import io.netty.channel.ConnectTimeoutException;

/**
 * Translates the HiveMQ client's exceptions into {@link MqttTransportException}s of the
 * same kinds and reason codes as the Paho transports report, including the answers of
 * brokers that do not speak the protocol version asked for.
 */
final class HiveMqFailures {

	private static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;

	private HiveMqFailures() {
	}

	static MqttTransportException connectFailed(Throwable failure, String serverUri, MqttProtocolVersion version) {
		Throwable cause = unwrap(failure);
		if (cause instanceof Mqtt5ConnAckException refused) {
			int code = refused.getMqttMessage().getReasonCode().getCode();
			if (code == UNSUPPORTED_PROTOCOL_VERSION) {
				// The client reads the 3.1.1 CONNACK of return code 0x01 that NATS answers as 0x84
				return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
						+ " does not accept MQTT 5: it answered CONNECT with reason code "
						+ MqttReasonCodes.describe(code) + ", as brokers that speak only MQTT 3.1.1 do (NATS answers "
						+ "with return code 0x01, unacceptable protocol version). Set mqtt.protocol-version=3.1.1", code,
						refused);
			}
			return new MqttTransportException(Kind.REFUSED, "reason code " + MqttReasonCodes.describe(code), code,
					refused);
		}
		if (cause instanceof Mqtt3ConnAckException refused) {
			return mqtt3Refusal(refused, serverUri);
		}
		if (version.isMqtt5() && cause instanceof ConnectionClosedException closed && isPlain(serverUri)) {
			return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
					+ " closed the connection without answering the MQTT 5 CONNECT, as brokers that speak only MQTT "
					+ "3.1.1 do (RabbitMQ before 3.13): it probably does not accept MQTT 5. If so, set "
					+ "mqtt.protocol-version=3.1.1 (" + describe(closed) + ")", closed);
		}
		if (hasCause(cause, ConnectTimeoutException.class)
				|| String.valueOf(cause.getMessage()).contains("Timeout while waiting for CONNACK")) {
			return new MqttTransportException(Kind.TIMEOUT, describe(cause), cause);
		}
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(cause), cause);
	}

	private static MqttTransportException mqtt3Refusal(Mqtt3ConnAckException refused, String serverUri) {
		Mqtt3ConnAckReturnCode returnCode = refused.getMqttMessage().getReturnCode();
		if (returnCode == Mqtt3ConnAckReturnCode.UNSUPPORTED_PROTOCOL_VERSION) {
			return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
					+ " does not accept MQTT 3.1.1: it answered CONNECT with return code 1 (unacceptable protocol "
					+ "version). Set mqtt.protocol-version to 5, or to 3.1 with mqtt.transport=paho", 0x84, refused);
		}
		int code = returnCode.getCode();
		return new MqttTransportException(Kind.REFUSED, "return code " + code + " ("
				+ returnCode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")", mqtt5ReasonCode(returnCode),
				refused);
	}

	// The MQTT 5 reason code of the same meaning, so that refusals are handled alike for
	// every version
	private static int mqtt5ReasonCode(Mqtt3ConnAckReturnCode returnCode) {
		return switch (returnCode) {
			case IDENTIFIER_REJECTED -> 0x85;
			case SERVER_UNAVAILABLE -> 0x88;
			case BAD_USER_NAME_OR_PASSWORD -> 0x86;
			default -> 0x87;
		};
	}

	static MqttTransportException connectionLost(Throwable failure, MqttDisconnectSource source) {
		Throwable cause = unwrap(failure);
		if (cause instanceof Mqtt5DisconnectException disconnect) {
			Mqtt5Disconnect message = disconnect.getMqttMessage();
			int code = message.getReasonCode().getCode();
			if (source == MqttDisconnectSource.SERVER) {
				return new MqttTransportException(Kind.SERVER_DISCONNECT,
						"broker sent DISCONNECT with reason code " + MqttReasonCodes.describe(code)
								+ message.getReasonString().map((reason) -> ": " + reason).orElse(""),
						code, disconnect);
			}
			if (isUndecodable(message)) {
				return new MqttTransportException(Kind.UNDECODABLE_REPLY, describe(disconnect), disconnect);
			}
		}
		// MQTT 3.1.1 has no DISCONNECT from the broker: the client sends one only when it
		// could not process what the broker sent
		if (cause instanceof Mqtt3DisconnectException disconnect && source == MqttDisconnectSource.CLIENT) {
			return new MqttTransportException(Kind.UNDECODABLE_REPLY, describe(disconnect), disconnect);
		}
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(cause), cause);
	}

	static MqttTransportException sendFailed(Throwable failure) {
		Throwable cause = unwrap(failure);
		Kind kind = (cause instanceof MqttClientStateException || cause instanceof RejectedExecutionException)
				? Kind.NOT_CONNECTED : Kind.OTHER;
		return new MqttTransportException(kind, describe(cause), cause);
	}

	static MqttTransportException notConnected() {
		return new MqttTransportException(Kind.NOT_CONNECTED, "not connected", null);
	}

	static String describe(Throwable exception) {
		Throwable cause = exception.getCause();
		String message = FailureMessages.describe(exception);
		return (cause != null && message.equals(exception.getMessage())) ? message + " (" + cause + ")" : message;
	}

	static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private static boolean isUndecodable(Mqtt5Disconnect message) {
		return message.getReasonCode() == Mqtt5DisconnectReasonCode.MALFORMED_PACKET
				|| message.getReasonCode() == Mqtt5DisconnectReasonCode.PROTOCOL_ERROR;
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isPlain(String serverUri) {
		return serverUri.startsWith("tcp://") || serverUri.startsWith("ws://");
	}

}
