package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUBACKs leave in the order the messages arrived, as MQTT requires, whichever listener
 * thread finishes first; seen on the wire between the application and Mosquitto, over
 * each client library ({@code mqtt.transport}).
 */
class AcknowledgementOrderTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void concurrentListenerAcknowledgesInTheOrderMessagesArrived(String transport) {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.transport=" + transport)
				.withUserConfiguration(ConcurrentListener.class)
				.run((context) -> {
				MqttContexts.awaitSubscribed(context, "ordered/+");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				List<CompletableFuture<MqttPublishResult>> published = new ArrayList<>();
				for (int i = 0; i < 1000; i++) {
					published.add(template.publish("ordered/" + (i % 8), String.valueOf(i)));
				}
				CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
				ConcurrentListener listener = context.getBean(ConcurrentListener.class);
				await().atMost(Duration.ofSeconds(30)).untilAtomic(listener.received,
						org.hamcrest.Matchers.equalTo(1000));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1000);
				List<Integer> delivered = proxy.brokerPackets().packetIdentifiers(MqttPacketRecorder.PUBLISH);
				assertThat(delivered).hasSize(1000);
				assertThat(proxy.clientPackets().packetIdentifiers(MqttPacketRecorder.PUBACK)).isEqualTo(delivered);
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void slowListenerHoldsBackTheAcknowledgementOfLaterMessagesButNotTheirProcessing(String transport) {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.transport=" + transport)
				.withUserConfiguration(SlowAndFastListeners.class)
				.run((context) -> {
				MqttContexts.awaitSubscribed(context, "slow/in", "fast/in");
				MosquittoClients.publish(mosquitto.port(), "slow/in", "slow", 1);
				SlowAndFastListeners listeners = context.getBean(SlowAndFastListeners.class);
				assertThat(listeners.slowStarted.poll(10, TimeUnit.SECONDS)).isEqualTo("slow");
				MosquittoClients.publish(mosquitto.port(), "fast/in", "fast", 1);
				assertThat(listeners.fast.poll(10, TimeUnit.SECONDS)).isEqualTo("fast");
				Thread.sleep(300);
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).as("waits for the slow one")
					.isZero();
				listeners.release.add("go");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 2);
				assertThat(proxy.clientPackets().packetIdentifiers(MqttPacketRecorder.PUBACK))
					.isEqualTo(proxy.brokerPackets().packetIdentifiers(MqttPacketRecorder.PUBLISH));
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentListener {

		final AtomicInteger received = new AtomicInteger();

		@MqttListener(topics = "ordered/+", concurrency = "4")
		void onMessage(String sequence) throws InterruptedException {
			// Uneven work, so that the threads finish out of order
			if (Integer.parseInt(sequence) % 7 == 0) {
				Thread.sleep(2);
			}
			this.received.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowAndFastListeners {

		final BlockingQueue<String> slowStarted = new LinkedBlockingQueue<>();

		final BlockingQueue<String> release = new LinkedBlockingQueue<>();

		final BlockingQueue<String> fast = new LinkedBlockingQueue<>();

		@MqttListener(topics = "slow/in")
		void onSlow(String payload) throws InterruptedException {
			this.slowStarted.add(payload);
			this.release.poll(10, TimeUnit.SECONDS);
		}

		@MqttListener(topics = "fast/in")
		void onFast(String payload) {
			this.fast.add(payload);
		}

	}

}
