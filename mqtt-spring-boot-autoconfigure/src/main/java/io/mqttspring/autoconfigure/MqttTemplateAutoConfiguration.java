package io.mqttspring.autoconfigure;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttOperations;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.core.MqttPublishObservationConvention;
import io.mqttspring.core.MqttTemplate;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Auto-configuration of {@link MqttTemplate} and the payload conversion it shares with
 * the listeners.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(SharedMqttClient.class)
public final class MqttTemplateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MqttPayloadConverter mqttPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
		return new MqttPayloadConverter(jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean(MqttTemplateFactory.BEAN_NAME)
	@ConditionalOnMissingBean
	MqttTemplateFactory mqttTemplateFactory(MqttPayloadConverter payloadConverter, MqttProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MqttPublishObservationConvention> observationConvention,
			ObjectProvider<MqttTemplateCustomizer> customizers) {
		return new MqttTemplateFactory(payloadConverter, properties.getTemplate(), observationRegistry,
				observationConvention, customizers);
	}

	// The default connection's: @Primary, since named connections have templates too
	@Bean
	@Primary
	@Qualifier(SharedMqttClient.DEFAULT_CONNECTION_NAME)
	@ConditionalOnMissingBean(MqttOperations.class)
	MqttTemplate mqttTemplate(MqttTemplateFactory factory, SharedMqttClient client) {
		return factory.create(client);
	}

}
