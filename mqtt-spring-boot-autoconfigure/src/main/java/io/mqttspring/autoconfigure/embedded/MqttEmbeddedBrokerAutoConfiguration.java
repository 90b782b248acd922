package io.mqttspring.autoconfigure.embedded;

import java.util.Map;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.autoconfigure.MqttProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Auto-configuration of an embedded HiveMQ CE broker that the application connects to.
 */
@AutoConfiguration(before = MqttAutoConfiguration.class)
@ConditionalOnClass({ EmbeddedHiveMQ.class, MqttAutoConfiguration.class })
@ConditionalOnMissingBean(MqttConnectionDetails.class)
@Conditional(OnEmbeddedBrokerCondition.class)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttEmbeddedBrokerAutoConfiguration {

	/** The property holding the port the embedded broker listens on. */
	public static final String LOCAL_PORT_PROPERTY = "local.mqtt.embedded.port";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedMqttBroker embeddedMqttBroker(MqttProperties properties, ConfigurableEnvironment environment) {
		EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(properties.getEmbedded().getPort());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("mqttEmbeddedBroker", Map.of(LOCAL_PORT_PROPERTY, broker.getPort(),
					"mqtt.server-uris", broker.getServerUri())));
		return broker;
	}

	@Bean
	EmbeddedMqttConnectionDetails embeddedMqttConnectionDetails(EmbeddedMqttBroker broker) {
		return new EmbeddedMqttConnectionDetails(broker);
	}

}
