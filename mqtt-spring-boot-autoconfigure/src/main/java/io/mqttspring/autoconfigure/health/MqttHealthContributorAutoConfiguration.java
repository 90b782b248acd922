package io.mqttspring.autoconfigure.health;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mqtt} health contributor.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, SharedMqttClient.class })
@ConditionalOnBean(SharedMqttClient.class)
@ConditionalOnEnabledHealthIndicator("mqtt")
public final class MqttHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mqttHealthIndicator")
	MqttHealthIndicator mqttHealthIndicator(SharedMqttClient client) {
		return new MqttHealthIndicator(client);
	}

}
