package io.mqttspring.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.Reading;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.testsupport.DynamicSecurity;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.MqttProtocol;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Receiving on demand ({@link MqttOperations#subscribe(String, int)},
 * {@link MqttOperations#receive(String, Class, Duration)}, {@link MqttSubscription#flux()})
 * against Mosquitto, which sends an MQTT 5 client no more unacknowledged QoS 1 and 2
 * messages than the client's Receive Maximum ({@code mqtt.receive-maximum}).
 */
@ExtendWith(EmbeddedHiveMq.class)
class ReceivingOnDemandTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPersistence()
		.withDynamicSecurity(new DynamicSecurity().anonymous("publishClientSend #", "subscribePattern pull/#",
				"subscribePattern push/#", "subscribePattern devices/#", "subscribePattern sensors/#",
				"publishClientReceive #"))
		.withConfig("max_queued_messages 5000");

	// On HiveMQ: Mosquitto 2.0.11 sends more than the Receive Maximum once the client
	// acknowledges (see docs/brokers.md)
	@ParameterizedTest(name = "mqtt.transport={0}")
	@ValueSource(strings = { "paho", "hivemq" })
	void aThousandQos1MessagesAreReceivedInOrderWhileTheBrokerHoldsBackDuringThePauses(String transport)
			throws Exception {
		try (TcpProxy proxy = new TcpProxy(EmbeddedHiveMq.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.transport=" + transport, "mqtt.template.receive-queue-capacity=50",
						"mqtt.receive-maximum=20")
				.run((context) -> {
				MqttTemplate template = context.getBean(MqttTemplate.class);
				try (MqttSubscription subscription = template.subscribe("pull/sequence", 1)) {
					Process publisher = publishLines(EmbeddedHiveMq.port(), "pull/sequence", 1000);
					int mostUnacknowledged = 0;
					for (int i = 0; i < 1000; i++) {
						Message<String> message = subscription.receive(Duration.ofSeconds(10), String.class);
						assertThat(message).as("message " + i).isNotNull();
						assertThat(message.getPayload()).isEqualTo(String.valueOf(i));
						if (i % 250 == 0) {
							Thread.sleep(500);
							int unacknowledged = proxy.brokerPackets().count(MqttPacketRecorder.PUBLISH)
									- proxy.clientPackets().count(MqttPacketRecorder.PUBACK);
							mostUnacknowledged = Math.max(mostUnacknowledged, unacknowledged);
						}
					}
					assertThat(publisher.waitFor(30, TimeUnit.SECONDS)).isTrue();
					System.out.println("1,000 QoS 1 messages received one by one; during the pauses at most "
							+ mostUnacknowledged + " unacknowledged at the client");
					assertThat(mostUnacknowledged).as("the in-flight window of mqtt.receive-maximum").isBetween(1, 20);
				}
			});
		}
	}

	// The HiveMQ transport announces 65535 (see HiveMqV5Connection and docs/brokers.md), so
	// Mosquitto's own max_inflight_messages, 20, is the limit
	@ParameterizedTest(name = "mqtt.transport={0}: {1} publishes before the first acknowledgement")
	@CsvSource({ "paho, 7", "hivemq, 20" })
	void theBrokerSendsNoMoreUnreadMessagesThanTheTransportsReceiveMaximum(String transport, int window)
			throws Exception {
		String topic = "pull/window-" + transport;
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.transport=" + transport, "mqtt.receive-maximum=7")
				.run((context) -> {
					MqttTemplate template = context.getBean(MqttTemplate.class);
					try (MqttSubscription unread = template.subscribe(topic, 1)) {
						Process publisher = publishLines(mosquitto.port(), topic, 30);
						assertThat(publisher.waitFor(30, TimeUnit.SECONDS)).isTrue();
						Thread.sleep(1000);
						assertThat(proxy.brokerPackets().count(MqttPacketRecorder.PUBLISH))
							.as("publishes sent to a client with mqtt.receive-maximum=7 that read none")
							.isEqualTo(window);
						for (int i = 0; i < 30; i++) {
							assertThat(unread.receive(Duration.ofSeconds(10), String.class)).as("message " + i)
								.isNotNull();
						}
					}
				});
		}
	}

	// Mosquitto 2.0.11 overruns the client's Receive Maximum under a burst (docs/brokers.md)
	@ParameterizedTest(name = "mqtt.transport={0}")
	@ValueSource(strings = { "paho", "hivemq" })
	void aBurstOfTwentyThousandQos1MessagesReachesAListenerWithoutADisconnect(String transport) throws Exception {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(PushListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "push/count");
				Process publisher = publishLines(mosquitto.port(), "push/count", 20_000);
				assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();
				PushListener listener = context.getBean(PushListener.class);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (listener.received.get() < 20_000 && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
				assertThat(listener.received.get()).isEqualTo(20_000);
				assertThat(context.getBean(SharedMqttClient.class).getStatus().connectionLosses()).isZero();
			});
	}

	@Test
	void aPushListenerKeepsReceivingWhileASubscriptionNobodyReadsIsFull() throws Exception {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.template.receive-queue-capacity=5")
			.withUserConfiguration(PushListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "push/count");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				try (MqttSubscription unread = template.subscribe("pull/unread", 1)) {
					for (int i = 0; i < 5; i++) {
						template.publish("pull/unread", "waits-" + i).get(10, TimeUnit.SECONDS);
					}
					List<CompletableFuture<MqttPublishResult>> pushed = new ArrayList<>();
					for (int i = 0; i < 2000; i++) {
						pushed.add(template.publish("push/count", String.valueOf(i)));
					}
					CompletableFuture.allOf(pushed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
					PushListener listener = context.getBean(PushListener.class);
					await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.get() == 2000);
					assertThat(unread.receive(Duration.ZERO, String.class).getPayload()).isEqualTo("waits-0");
				}
			});
	}

	@Test
	void theRetainedValueOfATopicIsReadAtOnceAndATopicWithoutOneGivesNullAfterTheTimeout() throws Exception {
		MosquittoClients.publishRetained(mosquitto.port(), MqttProtocol.MQTT_5, "devices/dev-4/status",
				"{\"deviceId\":\"dev-4\",\"celsius\":19.5}", 1);
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			long start = System.nanoTime();
			Message<Reading> status = template.receive("devices/dev-4/status", Reading.class, Duration.ofSeconds(10));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(status.getPayload()).isEqualTo(new Reading("dev-4", 19.5));
			assertThat(status.getHeaders().get(MqttHeaders.RECEIVED_RETAINED)).isEqualTo(true);
			start = System.nanoTime();
			assertThat(template.receive("devices/dev-5/status", String.class, Duration.ofMillis(500))).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450),
					Duration.ofSeconds(5));
			Message<String> any = template.receive("devices/+/status", String.class, Duration.ofSeconds(10));
			assertThat(any.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)).isEqualTo("devices/dev-4/status");
			assertThat(context.getBean(SharedMqttClient.class).isSubscribed("devices/+/status"))
				.as("unsubscribed after the read").isFalse();
		});
		MosquittoClients.publishRetained(mosquitto.port(), MqttProtocol.MQTT_5, "devices/dev-4/status", "", 1);
	}

	@Test
	void topicVariablesOfTheFilterComeInAHeader() throws Exception {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			try (MqttSubscription subscription = context.getBean(MqttTemplate.class)
				.subscribe("sensors/{deviceId}/temperature", 1)) {
				assertThat(subscription.getTopicFilter()).isEqualTo("sensors/+/temperature");
				MosquittoClients.publish(mosquitto.port(), "sensors/dev-9/temperature", "20.5", 1);
				Message<byte[]> message = subscription.receive(Duration.ofSeconds(10));
				assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("20.5");
				assertThat(message.getHeaders().get(TopicTemplate.VARIABLES_HEADER))
					.isEqualTo(Map.of("deviceId", "dev-9"));
			}
		});
	}

	@Test
	void closingWhileAnotherThreadWaitsReturnsNullPromptlyAndUnsubscribesAtTheBroker() throws Exception {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			MqttSubscription subscription = template.subscribe("pull/closed", 1);
			assertThat(context.getBean(MqttListenerEndpointRegistry.class).getSubscriptions())
				.containsExactly(subscription);
			CompletableFuture<Message<byte[]>> waiting = CompletableFuture.supplyAsync(() -> {
				try {
					return subscription.receive(Duration.ofSeconds(30));
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Thread.sleep(300);
			long start = System.nanoTime();
			subscription.close();
			assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			// Mosquitto logs an unsubscription as "<client id> <filter>", a subscription with its QoS
			await().atMost(Duration.ofSeconds(10))
				.until(() -> mosquitto.log().lines().anyMatch((line) -> line.matches("\\d+: \\S+ pull/closed")));
			assertThat(context.getBean(MqttListenerEndpointRegistry.class).getSubscriptions()).isEmpty();
			assertThatIllegalStateException().isThrownBy(() -> subscription.receive(Duration.ZERO))
				.withMessage("The subscription to 'pull/closed' is closed");
		});
	}

	@Test
	void messagesPublishedAfterABrokerRestartArrive() throws Exception {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			try (MqttSubscription subscription = context.getBean(MqttTemplate.class).subscribe("pull/restart", 1)) {
				mosquitto.kill();
				mosquitto.start();
				await().atMost(Duration.ofSeconds(20)).until(() -> client.isSubscribed("pull/restart"));
				MosquittoClients.publish(mosquitto.port(), "pull/restart", "after", 1);
				assertThat(subscription.receive(Duration.ofSeconds(10), String.class).getPayload()).isEqualTo("after");
			}
		});
	}

	@Test
	void aFluxWithLimitRateAndASlowSubscriberHasAtMostTheDemandedMessagesAcknowledged() throws Exception {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri()).run((context) -> {
				MqttSubscription subscription = context.getBean(MqttTemplate.class).subscribe("pull/flux", 1);
				List<String> received = new CopyOnWriteArrayList<>();
				Disposable flux = subscription.flux()
					.limitRate(10)
					.publishOn(Schedulers.boundedElastic(), 1)
					.subscribe((message) -> {
						received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
						sleep(100);
					});
				publishLines(mosquitto.port(), "pull/flux", 100).waitFor(30, TimeUnit.SECONDS);
				Thread.sleep(1000);
				int acknowledged = proxy.clientPackets().count(MqttPacketRecorder.PUBACK);
				System.out.println("After 1 s with a subscriber taking 10 messages per second: " + received.size()
						+ " processed, " + acknowledged + " acknowledged");
				// limitRate(10) requests 10, then 8 more each time 8 were taken
				assertThat(acknowledged).isLessThanOrEqualTo(received.size() + 20);
				assertThat(acknowledged).isLessThan(100);
				flux.dispose();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !context.getBean(SharedMqttClient.class).isSubscribed("pull/flux"));
			});
		}
	}

	@Test
	void aBoundedDemandTakesOnlyWhatItAsksFor() throws Exception {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			try (MqttSubscription subscription = context.getBean(MqttTemplate.class).subscribe("pull/demand", 1)) {
				BlockingQueue<String> taken = new LinkedBlockingQueue<>();
				BaseSubscriber<Message<byte[]>> subscriber = new BaseSubscriber<>() {

					@Override
					protected void hookOnSubscribe(org.reactivestreams.Subscription upstream) {
						upstream.request(2);
					}

					@Override
					protected void hookOnNext(Message<byte[]> message) {
						taken.add(new String(message.getPayload(), StandardCharsets.UTF_8));
					}

				};
				subscription.flux().subscribe(subscriber);
				for (int i = 0; i < 5; i++) {
					MosquittoClients.publish(mosquitto.port(), "pull/demand", "m" + i, 1);
				}
				assertThat(taken.poll(10, TimeUnit.SECONDS)).isEqualTo("m0");
				assertThat(taken.poll(10, TimeUnit.SECONDS)).isEqualTo("m1");
				assertThat(taken.poll(500, TimeUnit.MILLISECONDS)).isNull();
				subscriber.request(1);
				assertThat(taken.poll(10, TimeUnit.SECONDS)).isEqualTo("m2");
				subscriber.dispose();
			}
		});
	}

	@Test
	void aFilterTheBrokerRefusesThrowsWithItsReasonCode() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttContexts.awaitConnected(context);
			assertThatThrownBy(() -> context.getBean(MqttTemplate.class).subscribe("denied/x", 1))
				.isInstanceOf(MqttSubscribeException.class)
				.hasMessageContaining("Could not subscribe to 'denied/x': Subscription to 'denied/x' refused: broker "
						+ "answered with reason code 0x87 (Not authorized)")
				.extracting((ex) -> ((MqttSubscribeException) ex).getReasonCode())
				.isEqualTo(0x87);
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "a/#/b | 'a/#/b'", "sensors/{id | 'sensors/{id'",
			"'' | The topic filter must not be empty" })
	void anInvalidFilterIsRefusedNamingIt(String filter, String expectedMessage) {
		MqttContexts.runner(mosquitto.uri()).run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(MqttTemplate.class).subscribe(filter, 1))
			.withMessageContaining(expectedMessage));
	}

	@Test
	void aWrongQosOrTimeOutIsRefusedNamingTheValue() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			assertThatIllegalArgumentException().isThrownBy(() -> template.subscribe("pull/x", 3))
				.withMessage("QoS must be 0, 1 or 2 but was 3");
			try (MqttSubscription subscription = template.subscribe("pull/x", 1)) {
				assertThatIllegalArgumentException().isThrownBy(() -> subscription.receive(Duration.ofSeconds(-1)))
					.withMessage("The time-out must be zero or positive, but was PT-1S");
				assertThatIllegalArgumentException().isThrownBy(() -> subscription.receive(null))
					.withMessage("The time-out must be zero or positive, but was null");
			}
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.receive("pull/x", String.class, Duration.ofMillis(-5)))
				.withMessage("The time-out must be zero or positive, but was PT-0.005S");
		});
	}

	@Test
	void receivingWorksTheSameOnMqtt311() throws Exception {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.protocol-version=3.1.1").run((context) -> {
			try (MqttSubscription subscription = context.getBean(MqttTemplate.class).subscribe("pull/v311", 1)) {
				MosquittoClients.publish(mosquitto.port(), MqttProtocol.MQTT_3_1_1, "pull/v311", "old protocol", 1);
				assertThat(subscription.receive(Duration.ofSeconds(10), String.class).getPayload())
					.isEqualTo("old protocol");
			}
		});
	}

	private static Process publishLines(int port, String topic, int count) throws IOException {
		Process process = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port),
				"-V", "mqttv5", "-q", "1", "-t", topic, "-l")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream in = process.getOutputStream()) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < count; i++) {
				lines.append(i).append('\n');
			}
			in.write(lines.toString().getBytes(StandardCharsets.UTF_8));
		}
		return process;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class PushListener {

		final AtomicInteger received = new AtomicInteger();

		@MqttListener(topics = "push/count")
		void onMessage(String payload) {
			this.received.incrementAndGet();
		}

	}

}
