package io.mqttspring.docs.connections;

import java.util.List;

import io.mqttspring.autoconfigure.MqttConnectionDetails;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Connection details from a platform's variables, for docs/connections.md.
 */
// tag::connection-details[]
@Configuration(proxyBeanMethods = false)
public class PlatformBroker {

	// The platform hands out the broker's address and credentials in variables of its own
	@Bean
	MqttConnectionDetails platformMqttConnectionDetails(Environment environment) {
		return new MqttConnectionDetails() {

			@Override
			public List<String> getServerUris() {
				return List.of(environment.getRequiredProperty("PLATFORM_MQTT_URI"));
			}

			@Override
			public String getUsername() {
				return environment.getProperty("PLATFORM_MQTT_USER");
			}

			@Override
			public String getPassword() {
				return environment.getProperty("PLATFORM_MQTT_PASSWORD");
			}

		};
	}

}
// end::connection-details[]
