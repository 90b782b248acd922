package io.mqttspring.autoconfigure.endpoint;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that masks the MQTT passwords (of the default and the named
 * connections) in the {@code env} and
 * {@code configprops} actuator endpoints even where they are set to show values
 * ({@code management.endpoint.env.show-values=always}), which Spring Boot would otherwise
 * show unmasked.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class MqttSanitizingAutoConfiguration {

	@Bean
	SanitizingFunction mqttPasswordSanitizingFunction() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(MqttSanitizingAutoConfiguration::isMqttPassword);
	}

	// mqtt.password and mqtt.connections.<name>.password as properties, MQTT_PASSWORD
	// and MQTT_CONNECTIONS_<NAME>_PASSWORD as environment variables
	private static boolean isMqttPassword(String key) {
		String normalized = key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
		return normalized.equals("mqtt.password")
				|| (normalized.startsWith("mqtt.connections.") && normalized.endsWith(".password"));
	}

}
