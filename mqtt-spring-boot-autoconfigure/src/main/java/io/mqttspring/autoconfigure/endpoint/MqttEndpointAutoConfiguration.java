package io.mqttspring.autoconfigure.endpoint;

import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mqtt} actuator endpoint. Like Spring Boot's other
 * endpoints but health, it is not exposed over the web unless
 * {@code management.endpoints.web.exposure.include} names it.
 */
@AutoConfiguration(after = MqttListenerAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SharedMqttClient.class)
@ConditionalOnAvailableEndpoint(MqttEndpoint.class)
public final class MqttEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MqttEndpoint mqttEndpoint(ObjectProvider<SharedMqttClient> clients,
			ObjectProvider<MqttListenerEndpointRegistry> registry) {
		return new MqttEndpoint(clients.orderedStream().toList(), registry.getIfAvailable());
	}

}
