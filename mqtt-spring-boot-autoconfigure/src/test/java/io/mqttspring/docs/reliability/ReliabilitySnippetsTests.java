package io.mqttspring.docs.reliability;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/reliability.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ReliabilitySnippetsTests {

	@Test
	void failedPaymentIsPublishedAsDeadLetterWithTheOriginalTopicAndTheException() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(DeadLetters.class, PaymentListener.class, DeadLetterTopic.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "payments/+", "dead-letter/#");
				context.getBean(MqttTemplate.class).publish("payments/p-1", " ").get(10, TimeUnit.SECONDS);
				Message<String> deadLetter = context.getBean(DeadLetterTopic.class).received.poll(10, TimeUnit.SECONDS);
				assertThat(deadLetter).isNotNull();
				assertThat(deadLetter.getPayload()).isEqualTo(" ");
				assertThat(deadLetter.getHeaders()).containsEntry(MqttHeaders.RECEIVED_TOPIC, "dead-letter/payments/p-1")
					.containsAllEntriesOf(Map.of("x-original-topic", "payments/p-1", "x-exception-class",
							IllegalArgumentException.class.getName(), "x-exception-message", "empty payment"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class DeadLetterTopic {

		final BlockingQueue<Message<String>> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "dead-letter/#")
		void onDeadLetter(Message<String> message) {
			this.received.add(message);
		}

	}

}
