package io.mqttspring.docs.publishing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Order;
import io.mqttspring.docs.domain.Quote;
import io.mqttspring.docs.domain.QuoteRequest;
import io.mqttspring.docs.listening.QuoteService;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/publishing.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class PublishingSnippetsTests {

	@Test
	void everyFormOfPublishArrivesAndTheTenantHeaderBecomesAUserProperty() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(OrderTopic.class)
			.withBean(PublishingSnippets.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "orders/42");
				context.getBean(PublishingSnippets.class).publishInEveryForm(new Order("42", "pump", 2));
				List<Message<String>> received = new ArrayList<>();
				BlockingQueue<Message<String>> messages = context.getBean(OrderTopic.class).messages;
				for (int i = 0; i < 4; i++) {
					received.add(messages.poll(10, TimeUnit.SECONDS));
				}
				assertThat(received).extracting(Message::getPayload)
					.containsOnly("{\"id\":\"42\",\"item\":\"pump\",\"quantity\":2}");
				assertThat(received).filteredOn((message) -> "acme".equals(message.getHeaders().get("tenant")))
					.hasSize(2);
				// The QoS 2 example retained its message: clear it for later subscribers
				context.getBean(MqttTemplate.class).publish("orders/42", new byte[0], 1, true).get(10, TimeUnit.SECONDS);
			});
	}

	@Test
	void requestIsAnsweredByTheQuoteServiceListener() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(QuoteService.class)
			.withBean(PublishingSnippets.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "quotes/requests");
				Quote quote = context.getBean(PublishingSnippets.class).requestQuote(new QuoteRequest("pump", 3));
				assertThat(quote).isEqualTo(new Quote("pump", new BigDecimal("29.70")));
			});
	}

	@Test
	void statusPublishedWithResultHandlingArrives() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(StatusTopic.class)
			.withBean(PublishingSnippets.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "devices/+/status");
				context.getBean(PublishingSnippets.class).publishStatus("dev-1", "online");
				assertThat(context.getBean(StatusTopic.class).statuses.poll(10, TimeUnit.SECONDS)).isEqualTo("online");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderTopic {

		final BlockingQueue<Message<String>> messages = new LinkedBlockingQueue<>();

		@MqttListener(topics = "orders/42", qos = 2)
		void onOrder(Message<String> message) {
			this.messages.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StatusTopic {

		final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();

		@MqttListener(topics = "devices/+/status")
		void onStatus(String status) {
			this.statuses.add(status);
		}

	}

}
