package io.mqttspring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the MQTT connection meters and of the counters of listener
 * retries and dead letters.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, SharedMqttClient.class })
@ConditionalOnBean({ MeterRegistry.class, SharedMqttClient.class })
public final class MqttMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MqttClientMetrics mqttClientMetrics(ObjectProvider<SharedMqttClient> clients) {
		return new MqttClientMetrics(clients.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	MqttListenerRetryMetrics mqttListenerRetryMetrics(MeterRegistry registry) {
		return new MqttListenerRetryMetrics(registry);
	}

}
