package io.mqttspring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttDeadLetterTopicResolver;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.listener.MqttListenerObservationConvention;
import io.mqttspring.listener.MqttListenerRetryListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.validation.Validator;

/**
 * Auto-configuration of {@link io.mqttspring.listener.MqttListener @MqttListener}
 * methods, with their retries ({@code mqtt.listener.retry.*}) and dead letters
 * ({@code mqtt.listener.dead-letter.*}).
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
			ObjectProvider<MqttTemplate> templates, ObjectProvider<SharedMqttClient> clients,
			ObjectProvider<Validator> validator, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MqttListenerObservationConvention> observationConvention,
			ObjectProvider<MqttDeadLetterTopicResolver> deadLetterTopicResolver,
			ObjectProvider<MqttListenerRetryListener> retryListeners) {
		MqttListenerEndpointRegistry registry = new MqttListenerEndpointRegistry(client, payloadConverter);
		MqttProperties.Listener settings = properties.getListener();
		registry.setAutoStartup(settings.isAutoStartup());
		registry.setQueueCapacity(settings.getQueueCapacity());
		registry.setShutdownTimeout(settings.getShutdownTimeout());
		registry.setRetrySettings(ListenerRecoverySettings.retrySettings(settings.getRetry()));
		if (settings.getDeadLetter().isEnabled()) {
			registry.setDeadLetterTopicResolver(deadLetterTopicResolver.getObject());
		}
		registry.setRetryListeners(retryListeners.orderedStream().toList());
		registry.setReplies((connection) -> templates.orderedStream()
			.filter((template) -> template.getClient().getConnectionName().equals(connection))
			.map(MqttOperations.class::cast)
			.findFirst()
			// An application's own MqttOperations replaces the default connection's template
			.orElseGet(replies::getObject));
		registry.setSubscriptions(() -> templates.orderedStream()
			.flatMap((template) -> template.getSubscriptions().stream())
			.toList());
		registry.setNamedClients(() -> clients.orderedStream()
			.filter((named) -> !named.getConnectionName().equals(client.getConnectionName()))
			.toList());
		validator.ifUnique(registry::setValidator);
		if (settings.isObservationEnabled()) {
			observationRegistry.ifUnique(registry::setObservationRegistry);
			observationConvention.ifUnique(registry::setObservationConvention);
		}
		return registry;
	}

	// Only with dead letters enabled: an application's own resolver replaces it
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("mqtt.listener.dead-letter.enabled")
	MqttDeadLetterTopicResolver mqttDeadLetterTopicResolver(MqttProperties properties) {
		return ListenerRecoverySettings.topicResolver(properties.getListener().getDeadLetter());
	}

}
