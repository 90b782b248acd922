package io.mqttspring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Creates the Paho {@link MqttConnectionOptions} from {@link MqttProperties} and
 * {@link MqttConnectionDetails}, refusing settings that cannot work.
 */
class MqttConnectionOptionsFactory {

	private final MqttProperties properties;

	private final MqttConnectionDetails connectionDetails;

	MqttConnectionOptionsFactory(MqttProperties properties, MqttConnectionDetails connectionDetails) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
	}

	MqttConnectionOptions create() {
		validateSession();
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(this.connectionDetails.getServerUris().toArray(String[]::new));
		options.setUserName(this.connectionDetails.getUsername());
		if (this.connectionDetails.getPassword() != null) {
			options.setPassword(this.connectionDetails.getPassword().getBytes(StandardCharsets.UTF_8));
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
