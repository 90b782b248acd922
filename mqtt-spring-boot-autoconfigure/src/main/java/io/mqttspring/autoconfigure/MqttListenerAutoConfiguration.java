package io.mqttspring.autoconfigure;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link io.mqttspring.listener.MqttListener @MqttListener}
 * methods.
 */
@AutoConfiguration(after = MqttTemplateAutoConfiguration.class)
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
			MqttPayloadConverter payloadConverter) {
		return new MqttListenerEndpointRegistry(client, payloadConverter);
	}

}
