package io.mqttspring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Creates the Paho {@link MqttConnectionOptions} from {@link MqttProperties} and
 * {@link MqttConnectionDetails}, refusing settings that cannot work and warning about
 * settings that are insecure.
 */
class MqttConnectionOptionsFactory {

	private static final Log logger = LogFactory.getLog(MqttConnectionOptionsFactory.class);

	private static final Set<String> PLAIN_SCHEMES = Set.of("tcp", "ws");

	private final MqttProperties properties;

	private final MqttConnectionDetails connectionDetails;

	MqttConnectionOptionsFactory(MqttProperties properties, MqttConnectionDetails connectionDetails) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
	}

	MqttConnectionOptions create() {
		validateSession();
		MqttConnectionOptions options = new MqttConnectionOptions();
		List<String> serverUris = this.connectionDetails.getServerUris();
		options.setServerURIs(serverUris.toArray(String[]::new));
		options.setUserName(this.connectionDetails.getUsername());
		if (this.connectionDetails.getPassword() != null) {
			options.setPassword(this.connectionDetails.getPassword().getBytes(StandardCharsets.UTF_8));
			warnIfSentInClearText(serverUris);
		}
		applySsl(options, serverUris);
		if (!this.properties.getWebsocketHeaders().isEmpty()) {
			options.setCustomWebSocketHeaders(new LinkedHashMap<>(this.properties.getWebsocketHeaders()));
		}
		options.setCleanStart(this.properties.isCleanStart());
		options.setSessionExpiryInterval(this.properties.getSessionExpiry().toSeconds());
		options.setKeepAliveInterval(seconds(this.properties.getKeepAlive()));
		options.setConnectionTimeout(seconds(this.properties.getConnectionTimeout()));
		// Reconnecting is ours: Paho's delay is a static field shared by every client in the JVM
		options.setAutomaticReconnect(false);
		applyWill(options, this.properties.getWill());
		return options;
	}

	private void applySsl(MqttConnectionOptions options, List<String> serverUris) {
		List<String> plainUris = plain(serverUris);
		SslBundle bundle = this.connectionDetails.getSslBundle();
		if (bundle != null) {
			if (!plainUris.isEmpty()) {
				// Paho refuses an SSL socket factory for tcp:// and ws:// at every attempt
				throw new InvalidConfigurationPropertyValueException("mqtt.ssl.bundle",
						this.properties.getSsl().getBundle(),
						"An SSL bundle is for ssl:// and wss:// server URIs, but " + plainUris + " would then fail "
								+ "to connect. Use ssl:// or wss:// for every server URI, or remove mqtt.ssl.bundle.");
			}
			options.setSocketFactory(SslBundleSocketFactory.of(bundle));
		}
		// Without a bundle Paho creates an SSL context with the JVM's default trust store
		boolean verifyHostname = this.properties.getSsl().isVerifyHostname();
		options.setHttpsHostnameVerificationEnabled(verifyHostname);
		if (!verifyHostname && plainUris.size() < serverUris.size()) {
			logger.warn("Hostname verification of the MQTT broker's certificate is off "
					+ "(mqtt.ssl.verify-hostname=false): any server with a certificate from a trusted CA can pose as "
					+ "the broker and read the traffic. Issue the broker a certificate for the host name it is reached "
					+ "at, and remove the setting.");
		}
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
			.map(MqttConnectionOptionsFactory::parse)
			.filter((uri) -> uri != null && uri.getScheme() != null
					&& PLAIN_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)))
			.map((uri) -> uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : ""))
			.toList();
	}

	// An invalid URI is reported by the client with the other client settings
	private static URI parse(String serverUri) {
		try {
			return new URI(serverUri);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static void applyWill(MqttConnectionOptions options, MqttProperties.Will will) {
		if (!StringUtils.hasText(will.getTopic())) {
			return;
		}
		MqttMessage message = new MqttMessage(will.getPayload().getBytes(StandardCharsets.UTF_8));
		message.setQos(will.getQos());
		message.setRetained(will.isRetained());
		options.setWill(will.getTopic(), message);
		org.eclipse.paho.mqttv5.common.packet.MqttProperties willProperties =
				new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
		willProperties.setWillDelayInterval(will.getDelay().toSeconds());
		if (will.getMessageExpiry() != null) {
			willProperties.setMessageExpiryInterval(will.getMessageExpiry().toSeconds());
		}
		willProperties.setContentType(will.getContentType());
		willProperties.setUserProperties(will.getUserProperties()
			.entrySet()
			.stream()
			.map((entry) -> new UserProperty(entry.getKey(), entry.getValue()))
			.toList());
		options.setWillMessageProperties(willProperties);
	}

	private void validateSession() {
		if (this.properties.isCleanStart()) {
			return;
		}
		if (this.properties.getSessionExpiry().isZero()) {
			throw new InvalidConfigurationPropertyValueException("mqtt.session-expiry", "0s",
					"With mqtt.clean-start=false the broker is asked to resume the session, but a session expiry "
							+ "of 0 makes it discard the session at every disconnect, so messages sent while offline "
							+ "are lost. Set mqtt.session-expiry to how long the broker should keep it, e.g. 1h.");
		}
		if (this.properties.getClientId() == null) {
			throw new InvalidConfigurationPropertyValueException("mqtt.client-id", null,
					"A persistent session (mqtt.clean-start=false) belongs to a client id, and the default client "
							+ "id is random on every start. Set mqtt.client-id to a stable, unique value.");
		}
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
