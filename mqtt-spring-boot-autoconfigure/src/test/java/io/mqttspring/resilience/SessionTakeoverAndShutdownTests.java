package io.mqttspring.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mqttspring.connection.MqttConnectedEvent;
import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing a client id, and shutting down with publishes in flight.
 */
@ExtendWith(EmbeddedHiveMq.class)
class SessionTakeoverAndShutdownTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@Test
	void sessionTakeoverSignalledByBrokerIsRecognisedCountedAndBackedOff() throws Exception {
		// HiveMQ tells the replaced client with DISCONNECT reason code 0x8E
		ApplicationContextRunner twin = twins(EmbeddedHiveMq.uri());
		twin.run((first) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> first.getBean(SharedMqttClient.class).isConnected());
			twin.run((second) -> {
				Thread.sleep(4000);
				MqttConnectionStatus firstStatus = first.getBean(SharedMqttClient.class).getStatus();
				MqttConnectionStatus secondStatus = second.getBean(SharedMqttClient.class).getStatus();
				System.out.println("HiveMQ, client id shared by two instances for 4 s: " + connects(first) + " + "
						+ connects(second) + " connects, " + firstStatus.sessionTakeovers() + " + "
						+ secondStatus.sessionTakeovers() + " takeovers");
				assertThat(firstStatus.sessionTakeovers() + secondStatus.sessionTakeovers()).isGreaterThanOrEqualTo(2);
				assertThat(firstStatus.lastDisconnectReason()).contains("0x8E (Session taken over)");
				// Reconnecting at the 100 ms minimum would give about 40 connects each
				assertThat(connects(first)).isLessThanOrEqualTo(12);
				assertThat(connects(second)).isLessThanOrEqualTo(12);
			});
		});
	}

	@Test
	void instancesSharingClientIdOnMosquittoBackOffInsteadOfTakingOverAtFullSpeed() throws Exception {
		// Mosquitto 2.0 closes the replaced connection without a DISCONNECT: it looks like a
		// lost connection, and the back-off, reset only by a stable connection, slows it down
		ApplicationContextRunner twin = twins(mosquitto.uri());
		twin.run((first) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> first.getBean(SharedMqttClient.class).isConnected());
			twin.run((second) -> {
				Thread.sleep(4000);
				System.out.println("Mosquitto, client id shared by two instances for 4 s: " + connects(first) + " + "
						+ connects(second) + " connects");
				assertThat(connects(first)).isBetween(2L, 12L);
				assertThat(connects(second)).isBetween(2L, 12L);
			});
		});
	}

	private static ApplicationContextRunner twins(String uri) {
		return MqttContexts.runner(uri)
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.client-id=takeover-twin", "mqtt.reconnect.min-delay=100ms",
					"mqtt.reconnect.max-delay=800ms");
	}

	private static long connects(ConfigurableApplicationContext context) {
		return context.getBean(RecordedEvents.class).ofType(MqttConnectedEvent.class).size();
	}

	@Test
	void shutdownWaitsForInFlightPublishesThenDisconnects() {
		MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(mosquitto.port(), "shutdown/inflight", 10,
				20);
		mosquitto.awaitSubscription("shutdown/inflight");
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(SharedMqttClient.class).isConnected());
			MqttTemplate template = context.getBean(MqttTemplate.class);
			mosquitto.freeze();
			List<CompletableFuture<MqttPublishResult>> futures = IntStream.range(0, 10)
				.mapToObj((i) -> template.publish("shutdown/inflight", "m" + i))
				.toList();
			assertThat(context.getBean(SharedMqttClient.class).getInFlightPublishes()).isEqualTo(10);
			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			Thread.sleep(500);
			assertThat(closed).as("close waits for the in-flight publishes").isNotDone();
			mosquitto.resume();
			closed.get(20, TimeUnit.SECONDS);
			assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
			assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))).succeedsWithin(
					Duration.ZERO);
		});
		assertThat(subscriber.awaitLines()).hasSize(10);
		assertThat(mosquitto.log()).containsPattern("Client mqtt-client-[0-9a-f]+ disconnected\\.");
	}

	@Test
	void shutdownGivesUpWaitingAfterLifecyclePhaseTimeout() {
		MqttContexts.runner(mosquitto.uri())
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s")
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(SharedMqttClient.class).isConnected());
				mosquitto.freeze();
				try {
					CompletableFuture<MqttPublishResult> stuck = context.getBean(MqttTemplate.class)
						.publish("shutdown/stuck", "never acknowledged");
					long start = System.nanoTime();
					context.close();
					Duration closing = Duration.ofNanos(System.nanoTime() - start);
					System.out.println("Shutdown with a frozen broker took " + closing.toMillis() + " ms");
					assertThat(closing).isLessThan(Duration.ofSeconds(8));
					assertThat(stuck).failsWithin(Duration.ofSeconds(5));
				}
				finally {
					mosquitto.resume();
				}
			});
	}

}
