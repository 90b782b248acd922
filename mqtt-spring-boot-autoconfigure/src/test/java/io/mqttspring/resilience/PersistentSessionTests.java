package io.mqttspring.resilience;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Persistent sessions ({@code clean-start=false}, {@code session-expiry > 0}): QoS 1
 * messages sent while the application is offline or its connection is cut are delivered
 * when it is back.
 */
class PersistentSessionTests {

	private static final int MESSAGES = 10_000;

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPersistence()
		.withConfig("max_queued_messages 20000");

	private static ApplicationContextRunner persistentRunner(String uri, String clientId) {
		return MqttContexts.runner(uri)
			.withPropertyValues("mqtt.client-id=" + clientId, "mqtt.clean-start=false", "mqtt.session-expiry=1h");
	}

	@Test
	void tenThousandQos1MessagesSurviveTwoConnectionCutsWithoutLoss() throws Exception {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistentRunner(proxy.uri(), "persistent-sequence").withUserConfiguration(SequenceListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "persistent/sequence");
					SequenceListener listener = context.getBean(SequenceListener.class);
					SharedMqttClient client = context.getBean(SharedMqttClient.class);
					Process publisher = publishSequence();
					for (int cut = 1; cut <= 2; cut++) {
						int threshold = cut * MESSAGES / 3;
						// Each cut must hit an established connection, not one still reconnecting
						await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
						await().atMost(Duration.ofSeconds(60)).until(() -> listener.distinct() >= threshold);
						proxy.cut();
						await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
						Thread.sleep(500);
						proxy.restore();
					}
					assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).as("publisher finished").isTrue();
					assertThat(publisher.exitValue()).isZero();
					await().atMost(Duration.ofSeconds(60)).until(() -> listener.distinct() == MESSAGES);
					await().atMost(Duration.ofSeconds(10)).until(() -> client.getStatus().reconnects() == 2);
					int duplicates = listener.total.get() - MESSAGES;
					System.out.println("Persistent session over 2 connection cuts: " + MESSAGES + " published, "
							+ listener.distinct() + " distinct received, " + duplicates + " duplicates, session present "
							+ client.getStatus().sessionPresent() + ", reconnects " + client.getStatus().reconnects());
					assertThat(listener.distinct()).isEqualTo(MESSAGES);
					assertThat(client.getStatus().reconnects()).isEqualTo(2);
					assertThat(client.getStatus().sessionPresent()).isTrue();
				});
		}
	}

	private static Process publishSequence() throws IOException {
		Process process = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(mosquitto.port()),
				"-V", "mqttv5", "-q", "1", "-t", "persistent/sequence", "-l")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream in = process.getOutputStream()) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < MESSAGES; i++) {
				lines.append(i).append('\n');
			}
			in.write(lines.toString().getBytes(StandardCharsets.UTF_8));
		}
		return process;
	}

	@Test
	void messagesPublishedWhileApplicationIsStoppedArriveOnNextStart() {
		ApplicationContextRunner runner = persistentRunner(mosquitto.uri(), "persistent-restart")
			.withUserConfiguration(OfflineListener.class);
		runner.run((context) -> MqttContexts.awaitSubscribed(context, "persistent/offline"));
		// The context closed: the session and its subscription stay at the broker
		for (int i = 0; i < 5; i++) {
			MosquittoClients.publish(mosquitto.port(), "persistent/offline", "while-offline-" + i, 1);
		}
		runner.run((context) -> {
			OfflineListener listener = context.getBean(OfflineListener.class);
			for (int i = 0; i < 5; i++) {
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("while-offline-" + i);
			}
			assertThat(context.getBean(SharedMqttClient.class).getStatus().sessionPresent()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class SequenceListener {

		final Map<Integer, Boolean> seen = new ConcurrentHashMap<>();

		final AtomicInteger total = new AtomicInteger();

		@MqttListener(topics = "persistent/sequence")
		void onMessage(String sequence) {
			this.total.incrementAndGet();
			this.seen.put(Integer.valueOf(sequence), Boolean.TRUE);
		}

		int distinct() {
			return this.seen.size();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OfflineListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "persistent/offline")
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

}
