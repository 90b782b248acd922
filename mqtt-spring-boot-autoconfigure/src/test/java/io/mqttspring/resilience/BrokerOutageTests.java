package io.mqttspring.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.MqttConnectedEvent;
import io.mqttspring.connection.MqttConnectionLostEvent;
import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away (killed, frozen, down for long) and comes back: the application
 * recovers by itself, without a restart.
 */
class BrokerOutageTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@AfterEach
	void brokerRunsAgain() {
		mosquitto.stop();
		mosquitto.start();
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void brokerKilledAndRestartedMidStreamListenerReceivesAgainWithoutRestart(String transport) {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(StreamListener.class)
			.withBean(RecordedEvents.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "outage/stream");
				StreamListener listener = context.getBean(StreamListener.class);
				MosquittoClients.publish(mosquitto.port(), "outage/stream", "before", 1);
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

				mosquitto.kill();
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.getState() == MqttConnectionState.RECONNECTING);
				mosquitto.start();
				// The restarted broker has no session: the subscription is made again
				MqttContexts.awaitSubscribed(context, "outage/stream");
				MosquittoClients.publish(mosquitto.port(), "outage/stream", "after", 1);
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("after");

				MqttConnectionStatus status = client.getStatus();
				assertThat(status.state()).isEqualTo(MqttConnectionState.CONNECTED);
				assertThat(status.reconnects()).isEqualTo(1);
				assertThat(status.connectionLosses()).isEqualTo(1);
				assertThat(status.sessionPresent()).isFalse();
				RecordedEvents events = context.getBean(RecordedEvents.class);
				assertThat(events.ofType(MqttConnectionLostEvent.class)).hasSize(1);
				assertThat(events.ofType(MqttConnectedEvent.class)).extracting(MqttConnectedEvent::isReconnect)
					.containsExactly(false, true);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void frozenBrokerIsDetectedByKeepAliveAndClientReconnectsAfterItResumes(String transport) {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(StreamListener.class)
			.withPropertyValues("mqtt.keep-alive=2s")
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "outage/stream");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				mosquitto.freeze();
				long frozenAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(15)).until(() -> !client.isConnected());
				Duration detection = Duration.ofNanos(System.nanoTime() - frozenAt);
				System.out.println("Half-open connection detected after " + detection.toMillis() + " ms (keep-alive 2s)");
				assertThat(detection).isLessThan(Duration.ofSeconds(5));
				assertThat(client.getLastDisconnectReason()).isNotNull();

				mosquitto.resume();
				MqttContexts.awaitSubscribed(context, "outage/stream");
				MosquittoClients.publish(mosquitto.port(), "outage/stream", "resumed", 1);
				assertThat(context.getBean(StreamListener.class).received.poll(10, TimeUnit.SECONDS))
					.isEqualTo("resumed");
			});
	}

	@Test
	void brokerDownLongerThanMaxDelayKeepsRetryingAtCappedDelayWithoutGrowingThreads() {
		MqttContexts.runner(mosquitto.uri())
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.reconnect.min-delay=50ms", "mqtt.reconnect.max-delay=200ms")
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
				RecordedEvents events = context.getBean(RecordedEvents.class);
				mosquitto.kill();
				await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType(MqttConnectionFailedEvent.class)
					.stream()
					.filter((event) -> !(event instanceof MqttConnectionLostEvent))
					.count() >= 3);
				int threadsAfterFirstAttempts = Thread.activeCount();
				long attemptsBefore = failedAttempts(events);
				Thread.sleep(3000);
				long attempts = failedAttempts(events) - attemptsBefore;
				System.out.println("Failed connect attempts in 3 s with max-delay 200ms: " + attempts + ", threads "
						+ threadsAfterFirstAttempts + " -> " + Thread.activeCount());
				// Capped at 200 ms (+ 25 ms jitter): at least 10 attempts in 3 s; without the cap, 50 ms
				// doubling would give about 6
				assertThat(attempts).isBetween(10L, 40L);
				assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsAfterFirstAttempts + 2);
				assertThat(client.getState()).isEqualTo(MqttConnectionState.RECONNECTING);

				mosquitto.start();
				await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
			});
	}

	@Test
	void publishesDuringReconnectWaitInTheBufferAndAllSucceedAfterwards() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
			mosquitto.kill();
			long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			boolean restarted = false;
			int bufferedAtMost = 0;
			while (System.nanoTime() < until || !client.isConnected()) {
				futures.add(template.publish("outage/during", "x"));
				bufferedAtMost = Math.max(bufferedAtMost, client.getBufferedPublishes());
				if (!restarted && System.nanoTime() > until - Duration.ofSeconds(1).toNanos()) {
					mosquitto.start();
					restarted = true;
				}
				Thread.sleep(5);
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
			System.out.println(futures.size() + " publishes during the outage, at most " + bufferedAtMost
					+ " buffered at once, all acknowledged");
			assertThat(bufferedAtMost).isPositive();
			assertThat(client.getBufferedPublishes()).isZero();
		});
	}

	private static long failedAttempts(RecordedEvents events) {
		return events.ofType(MqttConnectionFailedEvent.class)
			.stream()
			.filter((event) -> !(event instanceof MqttConnectionLostEvent))
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class StreamListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "outage/stream")
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

}
