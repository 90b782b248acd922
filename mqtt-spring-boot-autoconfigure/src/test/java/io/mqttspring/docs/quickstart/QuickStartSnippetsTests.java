package io.mqttspring.docs.quickstart;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Order;
import io.mqttspring.docs.domain.Reading;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class QuickStartSnippetsTests {

	@Test
	void orderPlacedIsPublishedAsJsonOnItsOwnTopic() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(OrderEvents.class, PlacedOrders.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "orders/+/placed");
				context.getBean(OrderEvents.class).orderPlaced(new Order("42", "pump", 2));
				assertThat(context.getBean(PlacedOrders.class).received.poll(10, TimeUnit.SECONDS))
					.isEqualTo(new Order("42", "pump", 2));
			});
	}

	@Test
	void temperatureListenerKeepsTheLatestReadingPerTopic() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(TemperatureListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "sensors/+/temperature");
			context.getBean(MqttTemplate.class)
				.publish("sensors/dev-1/temperature", new Reading("dev-1", 21.5))
				.get(10, TimeUnit.SECONDS);
			TemperatureListener listener = context.getBean(TemperatureListener.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(listener.latest("sensors/dev-1/temperature"))
					.isEqualTo(new Reading("dev-1", 21.5)));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class PlacedOrders {

		final BlockingQueue<Order> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "orders/+/placed")
		void onOrder(Order order) {
			this.received.add(order);
		}

	}

}
