package io.mqttspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies with {@code @SendTo}, per-topic ordered concurrency, the registry's runtime
 * control of listeners, and programmatic subscriptions, against Mosquitto.
 */
@ExtendWith(OutputCaptureExtension.class)
class RepliesConcurrencyAndRegistryTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@Test
	void bareSendToAnswersMosquittoRrOnItsResponseTopic() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Responder.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "rr/requests");
			Process requester = new ProcessBuilder("mosquitto_rr", "-h", "127.0.0.1", "-p",
					String.valueOf(mosquitto.port()), "-V", "5", "-t", "rr/requests", "-e", "rr/responses/1", "-m",
					"ping", "-W", "10")
				.redirectErrorStream(true)
				.start();
			assertThat(requester.waitFor(15, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(requester.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
				.isEqualTo("pong:ping");
		});
	}

	@Test
	void bareSendToCopiesCorrelationDataToTheReply() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Responder.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "rr/requests");
			BlockingQueue<Message<?>> replies = new LinkedBlockingQueue<>();
			MqttSubscriptionHandle subscription = context.getBean(MqttListenerEndpointRegistry.class)
				.subscribe("rr/responses/+", 1, replies::add);
			MqttContexts.awaitSubscribed(context, "rr/responses/+");
			context.getBean(MqttTemplate.class)
				.send(MessageBuilder.withPayload("hello")
					.setHeader(MqttHeaders.TOPIC, "rr/requests")
					.setHeader(MqttHeaders.RESPONSE_TOPIC, "rr/responses/2")
					.setHeader(MqttHeaders.CORRELATION_DATA, "request-42".getBytes(StandardCharsets.UTF_8))
					.build())
				.get(10, TimeUnit.SECONDS);
			Message<?> reply = replies.poll(10, TimeUnit.SECONDS);
			assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("pong:hello");
			assertThat(reply.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)).isEqualTo("rr/responses/2");
			assertThat((byte[]) reply.getHeaders().get(MqttHeaders.CORRELATION_DATA))
				.isEqualTo("request-42".getBytes(StandardCharsets.UTF_8));
			subscription.unsubscribe();
		});
	}

	@Test
	void bareSendToWithoutResponseTopicIsLoggedAndListenerKeepsWorking(CapturedOutput output) {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Responder.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "rr/requests");
			MosquittoClients.publish(mosquitto.port(), "rr/requests", "no-response-topic", 1);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("@SendTo has no topic and the message has no MQTT 5 "
						+ "response topic; the reply is dropped"));
			Responder responder = context.getBean(Responder.class);
			assertThat(responder.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("no-response-topic");
			MosquittoClients.publish(mosquitto.port(), "rr/requests", "still-alive", 1);
			assertThat(responder.requests.poll(10, TimeUnit.SECONDS)).isEqualTo("still-alive");
			assertThat(context.getBean(SharedMqttClient.class).getLastDisconnectReason()).isNull();
		});
	}

	@Test
	void sendToTopicPublishesTheResult() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Forwarder.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "forward/in");
			MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(mosquitto.port(), "forward/out", 1, 10);
			mosquitto.awaitSubscription("forward/out");
			MosquittoClients.publish(mosquitto.port(), "forward/in", "abc", 1);
			assertThat(subscriber.awaitLines()).containsExactly("forward/out ABC");
		});
	}

	@Test
	void concurrencyProcessesOnSeveralThreadsAndKeepsOrderPerTopic() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(SequenceListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "sequence/+");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			int topics = 8;
			int perTopic = 250;
			for (int sequence = 0; sequence < perTopic; sequence++) {
				List<CompletableFuture<MqttPublishResult>> batch = new ArrayList<>();
				for (int topic = 0; topic < topics; topic++) {
					batch.add(template.publish("sequence/" + topic, String.valueOf(sequence)));
				}
				CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			}
			SequenceListener listener = context.getBean(SequenceListener.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> listener.byTopic.values().stream().mapToInt(List::size).sum() == topics * perTopic);
			List<Integer> expected = IntStream.range(0, perTopic).boxed().toList();
			listener.byTopic.forEach((topic, sequences) -> assertThat(sequences).as(topic).isEqualTo(expected));
			System.out.println("Concurrency 4 used threads " + listener.threads);
			assertThat(listener.threads).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(4);
		});
	}

	@Test
	void slowListenerDoesNotDelayOtherListeners() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(SlowAndFastListeners.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "slow/in", "fast/in");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("slow/in", "1").get(10, TimeUnit.SECONDS);
			template.publish("slow/in", "2").get(10, TimeUnit.SECONDS);
			long start = System.nanoTime();
			template.publish("fast/in", "now").get(10, TimeUnit.SECONDS);
			SlowAndFastListeners listeners = context.getBean(SlowAndFastListeners.class);
			assertThat(listeners.fast.poll(10, TimeUnit.SECONDS)).isEqualTo("now");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(listeners.slowDone).isFalse();
		});
	}

	@Test
	void registryStopUnsubscribesAndStartSubscribesAgain() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(ControlledListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "controlled/in");
			MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
			ControlledListener listener = context.getBean(ControlledListener.class);
			assertThat(registry.getListenerIds()).containsExactlyInAnyOrder("controlled", "dormant");
			assertThat(registry.getListenerContainer("dormant").isRunning()).isFalse();

			registry.stop("controlled");
			assertThat(context.getBean(SharedMqttClient.class).isSubscribed("controlled/in")).isFalse();
			MqttTemplate template = context.getBean(MqttTemplate.class);
			MqttPublishResult whileStopped = template.publish("controlled/in", "while-stopped").get(10, TimeUnit.SECONDS);
			assertThat(whileStopped.noMatchingSubscribers()).as("the broker has no subscriber").isTrue();
			assertThat(listener.received.poll(1, TimeUnit.SECONDS)).isNull();

			registry.start("controlled");
			registry.start("dormant");
			MqttContexts.awaitSubscribed(context, "controlled/in", "dormant/in");
			assertThat(template.publish("controlled/in", "after-start").get(10, TimeUnit.SECONDS).reasonCode()).isZero();
			MosquittoClients.publish(mosquitto.port(), "dormant/in", "woken", 1);
			assertThat(List.of(listener.received.poll(10, TimeUnit.SECONDS), listener.received.poll(10, TimeUnit.SECONDS)))
				.containsExactlyInAnyOrder("controlled:after-start", "dormant:woken");
		});
	}

	@Test
	void globalAutoStartupFalseLeavesListenersUnsubscribed() {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.listener.auto-startup=false")
			.withUserConfiguration(ControlledListener.class)
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
				assertThat(context.getBean(MqttListenerEndpointRegistry.class).getListenerContainer("controlled")
					.isRunning()).isFalse();
				assertThat(client.isSubscribed("controlled/in")).isFalse();
			});
	}

	@Test
	void programmaticSubscriptionReceivesSurvivesBrokerRestartAndEndsWithUnsubscribe() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
			MqttSubscriptionHandle handle = registry.subscribe("dynamic/+", 1,
					(message) -> received.add(message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC) + " "
							+ new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)));
			assertThat(handle.getTopicFilter()).isEqualTo("dynamic/+");
			assertThat(registry.getListenerIds()).anyMatch((id) -> id.startsWith("mqttSubscription#"));
			MqttContexts.awaitSubscribed(context, "dynamic/+");
			MosquittoClients.publish(mosquitto.port(), "dynamic/a", "one", 1);
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("dynamic/a one");

			mosquitto.kill();
			mosquitto.start();
			MqttContexts.awaitSubscribed(context, "dynamic/+");
			MosquittoClients.publish(mosquitto.port(), "dynamic/b", "two", 1);
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("dynamic/b two");

			handle.unsubscribe();
			assertThat(registry.getListenerIds()).noneMatch((id) -> id.startsWith("mqttSubscription#"));
			assertThat(context.getBean(SharedMqttClient.class).isSubscribed("dynamic/+")).isFalse();
			MosquittoClients.publish(mosquitto.port(), "dynamic/c", "three", 1);
			assertThat(received.poll(1, TimeUnit.SECONDS)).isNull();
		});
	}

	@Test
	void shutdownLetsMessagesInProgressFinish() {
		AtomicBoolean finished = new AtomicBoolean();
		MqttContexts.runner(mosquitto.uri())
			.withBean(AtomicBoolean.class, () -> finished)
			.withUserConfiguration(LingeringListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "linger/in");
				context.getBean(MqttTemplate.class).publish("linger/in", "work").get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(LingeringListener.class).started);
			});
		assertThat(finished).as("listener finished before the context closed").isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class Responder {

		final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

		@MqttListener(topics = "rr/requests")
		@SendTo
		String onRequest(String request) {
			this.requests.add(request);
			return "pong:" + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Forwarder {

		@MqttListener(topics = "forward/in")
		@SendTo("forward/out")
		String onMessage(String payload) {
			return payload.toUpperCase();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SequenceListener {

		final Map<String, List<Integer>> byTopic = new ConcurrentHashMap<>();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@MqttListener(topics = "sequence/+", concurrency = "4")
		void onMessage(String sequence, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) throws InterruptedException {
			this.threads.add(Thread.currentThread().getName());
			this.byTopic.computeIfAbsent(topic, (key) -> new CopyOnWriteArrayList<>()).add(Integer.valueOf(sequence));
			if (Integer.parseInt(sequence) % 50 == 0) {
				Thread.sleep(5);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowAndFastListeners {

		final BlockingQueue<String> fast = new LinkedBlockingQueue<>();

		volatile boolean slowDone;

		@MqttListener(topics = "slow/in")
		void onSlow(String payload) throws InterruptedException {
			Thread.sleep(3000);
			this.slowDone = true;
		}

		@MqttListener(topics = "fast/in")
		void onFast(String payload) {
			this.fast.add(payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ControlledListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(id = "controlled", topics = "controlled/in")
		void onMessage(String payload) {
			this.received.add("controlled:" + payload);
		}

		@MqttListener(id = "dormant", topics = "dormant/in", autoStartup = "false")
		void onDormant(String payload) {
			this.received.add("dormant:" + payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LingeringListener {

		private final AtomicBoolean finished;

		volatile boolean started;

		LingeringListener(AtomicBoolean finished) {
			this.finished = finished;
		}

		@MqttListener(topics = "linger/in")
		void onMessage(String payload) throws InterruptedException {
			this.started = true;
			Thread.sleep(1500);
			this.finished.set(true);
		}

	}

}
