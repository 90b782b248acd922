package io.mqttspring.autoconfigure.endpoint;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that masks the MQTT password in the {@code env} and
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

	// mqtt.password as a property, MQTT_PASSWORD as an environment variable
	private static boolean isMqttPassword(String key) {
		return key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "").equals("mqtt.password");
	}

}
