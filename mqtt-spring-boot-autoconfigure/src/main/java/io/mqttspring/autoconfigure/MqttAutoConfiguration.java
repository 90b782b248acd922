package io.mqttspring.autoconfigure;

import java.util.UUID;

import io.mqttspring.connection.SharedMqttClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Auto-configuration of the application's shared MQTT connection.
 */
@AutoConfiguration
@ConditionalOnClass(MqttAsyncClient.class)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(MqttConnectionDetails.class)
	PropertiesMqttConnectionDetails mqttConnectionDetails(MqttProperties properties) {
		return new PropertiesMqttConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	SharedMqttClient sharedMqttClient(MqttProperties properties, MqttConnectionDetails connectionDetails,
			ObjectProvider<MqttConnectionOptionsCustomizer> customizers, Environment environment) {
		MqttConnectionOptions options = new MqttConnectionOptionsFactory(properties, connectionDetails).create();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));
		MqttProperties.OfflineBuffer offlineBuffer = properties.getTemplate().getOfflineBuffer();
		SharedMqttClient client = new SharedMqttClient(clientId(properties, environment), options,
				reconnectBackOff(properties.getReconnect()), properties.isFailFast(),
				offlineBuffer.isEnabled() ? offlineBuffer.getMaxMessages() : 0);
		// Only a connection that outlived the longest delay counts as recovered
		client.setBackOffResetAfter(properties.getReconnect().getMaxDelay().multipliedBy(2));
		return client;
	}

	private static String clientId(MqttProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getClientId())) {
			return properties.getClientId();
		}
		String prefix = environment.getProperty("spring.application.name", "mqtt-client");
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static ExponentialBackOff reconnectBackOff(MqttProperties.Reconnect reconnect) {
		long minDelay = reconnect.getMinDelay().toMillis();
		ExponentialBackOff backOff = new ExponentialBackOff(minDelay, 2.0);
		backOff.setMaxInterval(reconnect.getMaxDelay().toMillis());
		// Spread reconnects so that a fleet of clients does not hit a restarted broker at once
		backOff.setJitter(minDelay / 2);
		return backOff;
	}

}
