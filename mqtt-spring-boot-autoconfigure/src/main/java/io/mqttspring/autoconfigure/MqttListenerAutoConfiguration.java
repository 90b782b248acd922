package io.mqttspring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.listener.MqttListenerObservationConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.validation.Validator;

/**
 * Auto-configuration of {@link io.mqttspring.listener.MqttListener @MqttListener}
 * methods.
 */
@AutoConfiguration(after = MqttTemplateAutoConfiguration.class,
		afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnBean(SharedMqttClient.class)
public final class MqttListenerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static MqttListenerAnnotationBeanPostProcessor mqttListenerAnnotationBeanPostProcessor() {
		return new MqttListenerAnnotationBeanPostProcessor();
	}

	@Bean(name = MqttListenerEndpointRegistry.BEAN_NAME)
	@ConditionalOnMissingBean(name = MqttListenerEndpointRegistry.BEAN_NAME)
	MqttListenerEndpointRegistry mqttListenerEndpointRegistry(SharedMqttClient client,
			MqttPayloadConverter payloadConverter, MqttProperties properties, ObjectProvider<MqttOperations> replies,
			ObjectProvider<Validator> validator, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MqttListenerObservationConvention> observationConvention) {
		MqttListenerEndpointRegistry registry = new MqttListenerEndpointRegistry(client, payloadConverter);
		MqttProperties.Listener settings = properties.getListener();
		registry.setAutoStartup(settings.isAutoStartup());
		registry.setQueueCapacity(settings.getQueueCapacity());
		registry.setShutdownTimeout(settings.getShutdownTimeout());
		registry.setReplies(replies::getObject);
		validator.ifUnique(registry::setValidator);
		if (settings.isObservationEnabled()) {
			observationRegistry.ifUnique(registry::setObservationRegistry);
			observationConvention.ifUnique(registry::setObservationConvention);
		}
		return registry;
	}

}
