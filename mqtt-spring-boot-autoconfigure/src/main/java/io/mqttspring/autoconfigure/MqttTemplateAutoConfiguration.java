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
import org.springframework.context.annotation.Bean;

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

	@Bean
	@ConditionalOnMissingBean(MqttOperations.class)
	MqttTemplate mqttTemplate(SharedMqttClient client, MqttPayloadConverter payloadConverter,
			MqttProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MqttPublishObservationConvention> observationConvention,
			ObjectProvider<MqttTemplateCustomizer> customizers) {
		MqttTemplate template = new MqttTemplate(client, payloadConverter);
		MqttProperties.Template settings = properties.getTemplate();
		template.setDefaultQos(settings.getDefaultQos());
		template.setDefaultRetained(settings.isDefaultRetained());
		template.setPublishTimeout(settings.getPublishTimeout());
		template.setReplyTopicPrefix(settings.getReplyTopicPrefix());
		if (settings.isObservationEnabled()) {
			observationRegistry.ifUnique(template::setObservationRegistry);
			observationConvention.ifUnique(template::setObservationConvention);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
		return template;
	}

}
