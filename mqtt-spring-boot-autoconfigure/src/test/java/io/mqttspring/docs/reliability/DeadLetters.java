package io.mqttspring.docs.reliability;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListenerErrorHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.mqtt.support.MqttHeaders;

/**
 * An error handler that publishes failed messages to a dead-letter topic, for docs/reliability.md.
 */
// tag::dead-letter[]
@Configuration(proxyBeanMethods = false)
public class DeadLetters {

	@Bean
	MqttListenerErrorHandler deadLetter(MqttTemplate mqtt) {
		return (message, exception) -> {
			String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
			// join(): when the dead letter cannot be published the handler throws, and the
			// original message stays unacknowledged instead of being lost
			mqtt.publish("dead-letter/" + topic, message.getPayload(), (options) -> options
				.userProperty("x-original-topic", topic)
				.userProperty("x-exception-class", cause.getClass().getName())
				.userProperty("x-exception-message", String.valueOf(cause.getMessage())))
				.join();
			return null;
		};
	}

}
// end::dead-letter[]
