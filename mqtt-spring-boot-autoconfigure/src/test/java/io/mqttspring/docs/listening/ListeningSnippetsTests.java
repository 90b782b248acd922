package io.mqttspring.docs.listening;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Order;
import io.mqttspring.docs.domain.OrderRepository;
import io.mqttspring.docs.domain.Reading;
import io.mqttspring.docs.domain.Telemetry;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/listening.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ListeningSnippetsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void telemetryListenerBindsTheDeviceIdFromTheTopic() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(TelemetryListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "sensors/+/telemetry");
			context.getBean(MqttTemplate.class)
				.publish("sensors/dev-7/telemetry", new Telemetry(21.5, 40.0))
				.get(10, TimeUnit.SECONDS);
			TelemetryListener listener = context.getBean(TelemetryListener.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(listener.latest("dev-7")).isEqualTo(new Telemetry(21.5, 40.0)));
		});
	}

	@Test
	void manuallyAcknowledgedOrderIsStoredOnTheExecutor() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(InMemoryOrders.class, OrderProcessor.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "orders/+/placed");
				context.getBean(MqttTemplate.class)
					.publish("orders/7/placed", new Order("7", "valve", 1))
					.get(10, TimeUnit.SECONDS);
				assertThat(context.getBean(InMemoryOrders.class).saved.poll(10, TimeUnit.SECONDS))
					.isEqualTo(new Order("7", "valve", 1));
			});
	}

	@Test
	void intakeRepliesAcceptedOrWhyTheErrorHandlerRejectedTheReading() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(ReadingIntake.class, IntakeResults.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "intake/readings", "intake/results");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				BlockingQueue<String> results = context.getBean(IntakeResults.class).results;
				template.publish("intake/readings", new Reading("dev-1", 21.5)).get(10, TimeUnit.SECONDS);
				assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo("accepted dev-1");
				template.publish("intake/readings", new Reading("dev-2", -300)).get(10, TimeUnit.SECONDS);
				assertThat(results.poll(10, TimeUnit.SECONDS))
					.isEqualTo("rejected intake/readings: below absolute zero");
				template.publish("intake/readings", "not JSON").get(10, TimeUnit.SECONDS);
				assertThat(results.poll(10, TimeUnit.SECONDS)).startsWith("rejected intake/readings: ");
			});
	}

	@Test
	void deviceFollowedAtRuntimeDeliversItsEventsUntilUnfollowed() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(DeviceEvents.class).run((context) -> {
			DeviceEvents deviceEvents = context.getBean(DeviceEvents.class);
			deviceEvents.follow("dev-3");
			MqttContexts.awaitSubscribed(context, "devices/dev-3/events");
			context.getBean(MqttTemplate.class).publish("devices/dev-3/events", "door open").get(10, TimeUnit.SECONDS);
			assertThat(deviceEvents.events().poll(10, TimeUnit.SECONDS)).isEqualTo("dev-3 (QoS 1): door open");
			deviceEvents.unfollow("dev-3");
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(TIMEOUT).until(() -> !client.isSubscribed("devices/dev-3/events"));
		});
	}

	@Test
	void pausedTelemetryListenerIsUnsubscribedAndSubscribesAgainWhenResumed() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(TelemetryListener.class, TelemetrySwitch.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "sensors/+/telemetry");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				TelemetrySwitch telemetrySwitch = context.getBean(TelemetrySwitch.class);
				telemetrySwitch.pause();
				await().atMost(TIMEOUT).until(() -> !client.isSubscribed("sensors/+/telemetry"));
				telemetrySwitch.resume();
				MqttContexts.awaitSubscribed(context, "sensors/+/telemetry");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryOrders implements OrderRepository {

		final BlockingQueue<Order> saved = new LinkedBlockingQueue<>();

		@Override
		public void save(Order order) {
			this.saved.add(order);
		}

		@Bean
		SimpleAsyncTaskExecutor executor() {
			return new SimpleAsyncTaskExecutor("orders-");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class IntakeResults {

		final BlockingQueue<String> results = new LinkedBlockingQueue<>();

		@MqttListener(topics = "intake/results")
		void onResult(String result) {
			this.results.add(result);
		}

	}

}
