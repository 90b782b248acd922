package io.mqttspring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.SocketFactory;

import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.TransportSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Creates the {@link TransportSettings} of a connection from its properties and
 * {@link MqttConnectionDetails}, refusing settings that cannot work (with the protocol
 * version among them) and warning about settings that are insecure.
 */
class TransportSettingsFactory {

	private static final Log logger = LogFactory.getLog(TransportSettingsFactory.class);

	private static final Set<String> PLAIN_SCHEMES = Set.of("tcp", "ws");

	private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

	private final MqttConnectionProperties properties;

	private final MqttConnectionDetails connectionDetails;

	private final String prefix;

	/**
	 * Create a factory.
	 * @param properties the connection's properties
	 * @param connectionDetails the connection's details
	 * @param prefix the prefix of the connection's properties, such as {@code mqtt}
	 */
	TransportSettingsFactory(MqttConnectionProperties properties, MqttConnectionDetails connectionDetails,
			String prefix) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
		this.prefix = prefix;
	}

	TransportSettings create(String clientId, int maxInFlight) {
		MqttProtocolVersion version = this.connectionDetails.getProtocolVersion();
		validateSession(version, clientId);
		validateWill(version);
		validateReceiveMaximum();
		List<String> serverUris = this.connectionDetails.getServerUris();
		if (this.connectionDetails instanceof PropertiesMqttConnectionDetails) {
			serverUris.forEach(this::validateServerUri);
		}
		if (this.connectionDetails.getPassword() != null) {
			warnIfSentInClearText(serverUris);
		}
		return new TransportSettings(clientId, serverUris, version, this.properties.isCleanStart(),
				this.properties.getSessionExpiry(), this.properties.getKeepAlive(),
				this.properties.getConnectionTimeout(), will(), socketFactory(serverUris), verifyHostname(serverUris),
				new LinkedHashMap<>(this.properties.getWebsocketHeaders()), maxInFlight,
				this.properties.getReceiveMaximum());
	}

	private SocketFactory socketFactory(List<String> serverUris) {
		SslBundle bundle = this.connectionDetails.getSslBundle();
		if (bundle == null) {
			// Without a bundle the client library uses the JVM's default trust store
			return null;
		}
		List<String> plainUris = plain(serverUris);
		if (!plainUris.isEmpty()) {
			// Paho refuses an SSL socket factory for tcp:// and ws:// at every attempt
			throw new InvalidConfigurationPropertyValueException(property("ssl.bundle"),
					this.properties.getSsl().getBundle(),
					"An SSL bundle is for ssl:// and wss:// server URIs, but " + plainUris + " would then fail "
							+ "to connect. Use ssl:// or wss:// for every server URI, or remove " + property("ssl.bundle")
							+ ".");
		}
		return SslBundleSocketFactory.of(bundle);
	}

	private boolean verifyHostname(List<String> serverUris) {
		boolean verifyHostname = this.properties.getSsl().isVerifyHostname();
		if (!verifyHostname && plain(serverUris).size() < serverUris.size()) {
			logger.warn("Hostname verification of the MQTT broker's certificate is off ("
					+ property("ssl.verify-hostname") + "=false): any server with a certificate from a trusted CA "
					+ "can pose as the broker and read the traffic. Issue the broker a certificate for the host name it "
					+ "is reached at, and remove the setting.");
		}
		return verifyHostname;
	}

	private static void warnIfSentInClearText(List<String> serverUris) {
		List<String> plainUris = plain(serverUris);
		if (!plainUris.isEmpty()) {
			logger.warn("The MQTT password is sent unencrypted to " + plainUris
					+ ": anyone on the network path can read it. Use ssl:// or wss:// server URIs.");
		}
	}

	// Scheme, host and port only: a URI's user information may hold a password
	private static List<String> plain(List<String> serverUris) {
		return serverUris.stream()
			.map(TransportSettingsFactory::parse)
			.filter((uri) -> uri != null && uri.getScheme() != null
					&& PLAIN_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)))
			.map((uri) -> uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : ""))
			.toList();
	}

	private void validateReceiveMaximum() {
		int receiveMaximum = this.properties.getReceiveMaximum();
		if (receiveMaximum < 1 || receiveMaximum > 65535) {
			throw new InvalidConfigurationPropertyValueException(property("receive-maximum"), receiveMaximum,
					"The Receive Maximum is 1 to 65535: how many unacknowledged QoS 1 and 2 messages the broker may "
							+ "send.");
		}
	}

	// The client library would refuse it with a message that names no property
	private void validateServerUri(String serverUri) {
		URI uri = parse(serverUri);
		if (uri == null || uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
			throw new InvalidConfigurationPropertyValueException(property("server-uris"), serverUri,
					"A server URI is tcp://host:port, ssl://host:port, ws://host:port/path or wss://host:port/path, "
							+ "such as tcp://localhost:1883.");
		}
	}

	// An invalid URI from other connection details is reported by the client library
	private static URI parse(String serverUri) {
		try {
			return new URI(serverUri);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private TransportSettings.WillMessage will() {
		MqttConnectionProperties.Will will = this.properties.getWill();
		if (!StringUtils.hasText(will.getTopic())) {
			return null;
		}
		MqttPublishProperties.Builder properties = MqttPublishProperties.builder().contentType(will.getContentType());
		if (will.getMessageExpiry() != null) {
			properties.messageExpiryInterval(will.getMessageExpiry().toSeconds());
		}
		will.getUserProperties().forEach(properties::userProperty);
		return new TransportSettings.WillMessage(will.getTopic(), will.getPayload().getBytes(StandardCharsets.UTF_8),
				will.getQos(), will.isRetained(), will.getDelay(), properties.build());
	}

	private void validateWill(MqttProtocolVersion version) {
		MqttConnectionProperties.Will will = this.properties.getWill();
		if (version.isMqtt5()) {
			return;
		}
		refuseOnMqtt3(version, "will.delay", will.getDelay().isZero() ? null : will.getDelay());
		refuseOnMqtt3(version, "will.message-expiry", will.getMessageExpiry());
		refuseOnMqtt3(version, "will.content-type", will.getContentType());
		refuseOnMqtt3(version, "will.user-properties", will.getUserProperties().isEmpty() ? null
				: will.getUserProperties());
	}

	private void refuseOnMqtt3(MqttProtocolVersion version, String name, Object value) {
		if (value != null) {
			throw new InvalidConfigurationPropertyValueException(property(name), value,
					"It is an MQTT 5 property, which " + version + " (" + property("protocol-version") + "="
							+ version.value() + ") cannot send. Remove it, or use MQTT 5");
		}
	}

	private void validateSession(MqttProtocolVersion version, String clientId) {
		Duration sessionExpiry = this.properties.getSessionExpiry();
		if (!version.isMqtt5() && !sessionExpiry.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property("session-expiry"), sessionExpiry,
					"A session expiry is an MQTT 5 setting that " + version + " (" + property("protocol-version") + "="
							+ version.value() + ") does not have: with " + property("clean-start")
							+ "=false the broker keeps the session until the client connects with a clean session. "
							+ "Remove " + property("session-expiry") + ".");
		}
		if (this.properties.isCleanStart()) {
			return;
		}
		if (version.isMqtt5() && sessionExpiry.isZero()) {
			throw new InvalidPersistentSessionException(property("session-expiry"), "0s", "With "
					+ property("clean-start") + "=false the broker is asked to resume the session of client '"
					+ clientId + "', but a session expiry of 0 (" + property("session-expiry")
					+ ", 0s by default) makes it discard the session at every disconnect, so messages sent while "
					+ "the application is offline are lost.",
					"Set " + property("session-expiry") + " to how long the broker should keep the session, e.g. "
							+ property("session-expiry") + "=1h, or remove " + property("clean-start")
							+ "=false if the application does not need what was sent while it was offline.");
		}
		if (this.properties.getClientId() == null) {
			throw new InvalidPersistentSessionException(property("client-id"), null, "A persistent session ("
					+ property("clean-start") + "=false) belongs to a client id, but " + property("client-id")
					+ " is not set and the default client id is random on every start, so the application would "
					+ "never resume its session.",
					"Set " + property("client-id") + " to a stable, unique value for each instance, e.g. orders-"
							+ "${HOSTNAME} (two instances with the same client id take the session from each other), "
							+ "or remove " + property("clean-start") + "=false.");
		}
	}

	private String property(String name) {
		return this.prefix + "." + name;
	}

}
