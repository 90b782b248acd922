package io.mqttspring.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
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

	// One connection: one indicator; with named connections, one entry per connection,
	// the way Spring Boot shows several data sources
	@Bean
	@ConditionalOnMissingBean(name = "mqttHealthIndicator")
	HealthContributor mqttHealthIndicator(ObjectProvider<SharedMqttClient> clients) {
		List<SharedMqttClient> all = clients.orderedStream().toList();
		if (all.size() == 1) {
			return new MqttHealthIndicator(all.get(0));
		}
		Map<String, HealthContributor> byName = new LinkedHashMap<>();
		all.forEach((client) -> byName.put(client.getConnectionName(), new MqttHealthIndicator(client)));
		return CompositeHealthContributor.fromMap(byName);
	}

}
