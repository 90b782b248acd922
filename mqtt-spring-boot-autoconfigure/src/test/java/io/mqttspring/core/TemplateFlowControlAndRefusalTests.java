package io.mqttspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow control by the broker's Receive Maximum, broker refusals, validation before any
 * network I/O, and the offline buffer.
 */
class TemplateFlowControlAndRefusalTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@RegisterExtension
	static final MosquittoBroker unlimited = new MosquittoBroker().withConfig("max_inflight_messages 0");

	@RegisterExtension
	static final MosquittoBroker sizeLimited = new MosquittoBroker().withConfig("message_size_limit 200");

	@RegisterExtension
	static final MosquittoBroker packetLimited = new MosquittoBroker().withConfig("max_packet_size 300");

	@RegisterExtension
	static final MosquittoBroker offline = new MosquittoBroker().notStarted();

	@Test
	void tenThousandQos1PublishesAsFastAsPossibleAreAllAcknowledgedAndReceivedWithin20InFlight() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(CountingListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "flow/count");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.getInFlightLimit()).as("Mosquitto's Receive Maximum").isEqualTo(20);
			List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
			long start = System.nanoTime();
			for (int i = 0; i < 10_000; i++) {
				futures.add(template.publish("flow/count", String.valueOf(i)));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted().isNotCompletedExceptionally());
			CountingListener listener = context.getBean(CountingListener.class);
			await().atMost(Duration.ofSeconds(30)).untilAtomic(listener.received, org.hamcrest.Matchers.equalTo(10_000));
			System.out.println("10,000 QoS 1 publishes acknowledged in " + millis + " ms with at most "
					+ client.getInFlightLimit() + " in flight");
			assertThat(client.getInFlightPublishes()).isZero();
			assertThat(client.getBufferedPublishes()).isZero();
		});
	}

	@Test
	void clientsOwnInFlightLimitAppliesWhenTheBrokerAnnouncesNone() {
		MqttContexts.runner(unlimited.uri()).run((context) -> {
			MqttContexts.awaitConnected(context);
			assertThat(context.getBean(SharedMqttClient.class).getInFlightLimit()).isEqualTo(1000);
		});
	}

	@Test
	void maxInFlightBelowTheBrokersReceiveMaximumBoundsThePublishesInFlight() {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.template.max-in-flight=5")
			.withUserConfiguration(CountingListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "flow/count");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				assertThat(client.getInFlightLimit()).isEqualTo(5);
				AtomicInteger mostInFlight = new AtomicInteger();
				Thread sampler = new Thread(() -> {
					while (!Thread.currentThread().isInterrupted()) {
						mostInFlight.accumulateAndGet(client.getInFlightPublishes(), Math::max);
						Thread.onSpinWait();
					}
				});
				sampler.start();
				MqttTemplate template = context.getBean(MqttTemplate.class);
				List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
				for (int i = 0; i < 2000; i++) {
					futures.add(template.publish("flow/count", String.valueOf(i)));
				}
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
				sampler.interrupt();
				sampler.join();
				assertThat(mostInFlight.get()).isBetween(1, 5);
				await().atMost(Duration.ofSeconds(30))
					.untilAtomic(context.getBean(CountingListener.class).received, org.hamcrest.Matchers.equalTo(2000));
			});
	}

	@Test
	void maxInFlightBelowOneFailsTheStartUpNamingTheProperty() {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.template.max-in-flight=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("mqtt.template.max-in-flight")
				.hasMessageContaining("At least one publish must be allowed in flight");
		});
	}

	@Test
	void publishesWaitingForASlotTimeOutCleanlyWhenTheBrokerStopsAcknowledging() {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.template.publish-timeout=1s").run((context) -> {
			MqttContexts.awaitConnected(context);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			mosquitto.freeze();
			try {
				List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
				for (int i = 0; i < 30; i++) {
					futures.add(template.publish("flow/frozen", "m" + i));
				}
				assertThat(context.getBean(SharedMqttClient.class).getBufferedPublishes()).isEqualTo(10);
				for (CompletableFuture<MqttPublishResult> future : futures) {
					assertThat(future).failsWithin(Duration.ofSeconds(5))
						.withThrowableOfType(java.util.concurrent.ExecutionException.class)
						.withCauseInstanceOf(MqttPublishException.class)
						.withMessageContaining("was not acknowledged within 1000 ms")
						.withMessageNotContaining("Too many publishes");
				}
			}
			finally {
				mosquitto.resume();
			}
		});
	}

	@Test
	void messageOverMosquittosSizeLimitFailsNamingTheLimitAndThePublishRightBehindItSucceeds() {
		MqttContexts.runner(sizeLimited.uri()).withUserConfiguration(CountingListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "flow/count");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			CompletableFuture<MqttPublishResult> large = template.publish("flow/large", "x".repeat(300));
			CompletableFuture<MqttPublishResult> next = template.publish("flow/count", "small");
			assertThat(large).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(MqttPublishException.class)
				.withMessageContaining("Could not publish to 'flow/large': the broker answered with a reply the "
						+ "client could not accept")
				.withMessageContaining("message_size_limit")
				.withMessageContaining("this message has QoS 1 and 300 payload bytes");
			assertThat(next).succeedsWithin(Duration.ofSeconds(10));
			// Sent again after the reconnect if its first acknowledgement was lost with the connection
			await().atMost(Duration.ofSeconds(10))
				.untilAtomic(context.getBean(CountingListener.class).received,
						org.hamcrest.Matchers.greaterThanOrEqualTo(1));
			assertThat(context.getBean(SharedMqttClient.class).getStatus().connectionLosses()).isOne();
		});
	}

	@Test
	void messageOverAnnouncedMaximumPacketSizeIsRefusedBeforeSending() {
		try (TcpProxy proxy = new TcpProxy(packetLimited.port())) {
			MqttContexts.runner(proxy.uri()).run((context) -> {
				MqttContexts.awaitConnected(context);
				MqttTemplate template = context.getBean(MqttTemplate.class);
				assertThat(template.publish("flow/large", "x".repeat(400))).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.withCauseInstanceOf(MqttPublishException.class)
					.withMessageContaining("Could not publish to 'flow/large': the message is ")
					.withMessageContaining("the broker accepts packets of at most 300 bytes (its Maximum Packet Size)");
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBLISH)).as("nothing sent").isZero();
				template.publish("flow/small", "fits").get(10, TimeUnit.SECONDS);
				assertThat(context.getBean(SharedMqttClient.class).getStatus().connectionLosses()).isZero();
			});
		}
	}

	@Test
	void invalidPublishesFailBeforeAnyNetworkIoWithMessageSayingWhatIsWrong() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri()).run((context) -> {
				MqttContexts.awaitConnected(context);
				MqttTemplate template = context.getBean(MqttTemplate.class);
				assertFailure(template.publish("", "x"), "the topic must not be empty");
				assertFailure(template.publish(null, "x"), "the topic must not be empty");
				assertFailure(template.publish("a/+/b", "x"), "contains the wildcard '+'");
				assertFailure(template.publish("a/#", "x"), "contains the wildcard '#'");
				assertFailure(template.publish("a\u0000b", "x"), "NUL character (U+0000) at index 1");
				assertFailure(template.publish("a/\uD800", "x"), "not valid UTF-8: unpaired surrogate character at index 2");
				assertFailure(template.publish("t".repeat(65_536), "x"), "Invalid topic length");
				assertFailure(template.publish("a/b", "x", 3, false), "QoS must be 0, 1 or 2 but was 3");
				assertFailure(template.publish("a/b", null), "Payload must not be null");
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBLISH)).isZero();
			});
		}
	}

	private static void assertFailure(CompletableFuture<MqttPublishResult> future, String message) {
		assertThat(future).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(MqttPublishException.class)
			.withMessageContaining(message);
	}

	@Test
	void bufferHoldsPublishesWhileTheBrokerIsDownAndRefusesAtOnceWhenFullWithoutMaxBlock() {
		MqttContexts.runner(offline.uri())
			.withPropertyValues("mqtt.template.buffer.max-messages=5", "mqtt.template.max-block=0")
			.withUserConfiguration(CountingListener.class)
			.run((context) -> {
				MqttTemplate template = context.getBean(MqttTemplate.class);
				List<CompletableFuture<MqttPublishResult>> buffered = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					buffered.add(template.publish("flow/count", "buffered-" + i));
				}
				assertFailure(template.publish("flow/count", "one too many"),
						"the outbound buffer is full (5 of 5 messages, 100 of 16777216 bytes: "
								+ "mqtt.template.buffer.max-messages and max-bytes) and publishes do not wait for room "
								+ "(mqtt.template.max-block=0)");
				assertThat(buffered).noneMatch(CompletableFuture::isDone);
				assertThat(context.getBean(SharedMqttClient.class).getBufferedPublishes()).isEqualTo(5);
				assertThat(context.getBean(SharedMqttClient.class).getBufferedBytes()).isEqualTo(100);
				offline.start();
				try {
					CompletableFuture.allOf(buffered.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
					await().atMost(Duration.ofSeconds(10))
						.untilAtomic(context.getBean(CountingListener.class).received, org.hamcrest.Matchers.equalTo(5));
				}
				finally {
					offline.stop();
				}
			});
	}

	@Test
	void callerWaitsForRoomForMaxBlockThenTheFailureNamesTheLimitsAndTheConnection() {
		MqttContexts.runner(offline.uri())
			.withPropertyValues("mqtt.template.buffer.max-messages=2", "mqtt.template.max-block=300ms")
			.run((context) -> {
				MqttTemplate template = context.getBean(MqttTemplate.class);
				template.publish("flow/count", "1");
				template.publish("flow/count", "2");
				long start = System.nanoTime();
				CompletableFuture<MqttPublishResult> third = template.publish("flow/count", "3");
				long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
				assertThat(waitedMillis).isBetween(250L, 5000L);
				assertFailure(third, "the outbound buffer stayed full (2 of 2 messages");
				assertFailure(third, "for 300 ms (mqtt.template.max-block) with 0 publishes in flight; client '");
				assertFailure(third, " is CONNECTING (last failure: ");
				assertThat(context.getBean(SharedMqttClient.class)
					.getRejectedPublishes(PublishRejectedException.Reason.BUFFER_FULL)).isOne();
			});
	}

	@Test
	void callerWaitingForRoomGoesOnOnceTheReconnectFreesIt() {
		MqttContexts.runner(offline.uri())
			.withPropertyValues("mqtt.template.buffer.max-messages=2", "mqtt.template.max-block=20s")
			.withUserConfiguration(CountingListener.class)
			.run((context) -> {
				MqttTemplate template = context.getBean(MqttTemplate.class);
				List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
				futures.add(template.publish("flow/count", "1"));
				futures.add(template.publish("flow/count", "2"));
				CompletableFuture<CompletableFuture<MqttPublishResult>> third = CompletableFuture
					.supplyAsync(() -> template.publish("flow/count", "3"));
				Thread.sleep(300);
				assertThat(third).as("the third caller waits for room").isNotDone();
				offline.start();
				try {
					futures.add(third.get(15, TimeUnit.SECONDS));
					CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
					await().atMost(Duration.ofSeconds(10))
						.untilAtomic(context.getBean(CountingListener.class).received, org.hamcrest.Matchers.equalTo(3));
				}
				finally {
					offline.stop();
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingListener {

		final AtomicInteger received = new AtomicInteger();

		@MqttListener(topics = "flow/count")
		void onMessage(String payload) {
			this.received.incrementAndGet();
		}

	}

}
