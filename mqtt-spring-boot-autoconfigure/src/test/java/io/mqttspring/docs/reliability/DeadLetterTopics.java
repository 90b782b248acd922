package io.mqttspring.docs.reliability;

import io.mqttspring.listener.MqttDeadLetterTopicResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;

/**
 * Dead-letter topics per listener, for docs/reliability.md.
 */
// tag::resolver[]
@Configuration(proxyBeanMethods = false)
public class DeadLetterTopics {

	@Bean
	MqttDeadLetterTopicResolver perListenerDeadLetterTopics() {
		return (message, failure) -> {
			String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
			// null for a dead letter that failed again: to the error channel and the log,
			// instead of round and round
			return topic.startsWith("dead-letter/") ? null : "dead-letter/" + failure.getListenerId() + "/" + topic;
		};
	}

}
// end::resolver[]
