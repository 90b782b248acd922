package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.MqttProtocol;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries of failed listener invocations ({@code mqtt.listener.retry.*} and
 * {@code @MqttListener(retry)}) against Mosquitto, with the packets on the wire recorded
 * by a proxy: the back-off, the single acknowledgement, the order of the topic kept while
 * other topics and listeners go on, a prompt stop, and MQTT 3.1.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerRetryTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	private static ApplicationContextRunner runner(TcpProxy proxy, String... properties) {
		return MqttContexts.runner(proxy.uri())
			.withConfiguration(AutoConfigurations.of(MqttMetricsAutoConfiguration.class))
			.withUserConfiguration(Meters.class)
			.withPropertyValues(properties);
	}

	@Test
	void listenerFailingTwiceIsInvokedThreeTimesWithGrowingBackOffAndItsMessageAcknowledgedOnce() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy, "mqtt.listener.retry.enabled=true", "mqtt.listener.retry.initial-interval=200ms",
					"mqtt.listener.retry.max-interval=1s", "mqtt.listener.dead-letter.enabled=true")
				.withUserConfiguration(FlakyListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "flaky/in");
					MosquittoClients.publish(mosquitto.port(), "flaky/in", "order-1", 1);
					FlakyListener listener = context.getBean(FlakyListener.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listener.attempts.size() == 3);
					// 200 ms, then 400 ms (multiplier 2); the upper bounds leave room for a busy machine
					assertThat(millisBetween(listener.attempts, 0)).isBetween(190L, 1200L);
					assertThat(millisBetween(listener.attempts, 1)).isBetween(390L, 1400L);

					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1);
					Thread.sleep(300);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).isEqualTo(1);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBLISH)).as("no dead letter").isZero();

					MeterRegistry meters = context.getBean(MeterRegistry.class);
					Timer timer = meters.get("mqtt.listener").tag("listener", "flaky").timer();
					assertThat(timer.count()).as("one result per message").isEqualTo(1);
					assertThat(timer.getId().getTag("result")).isEqualTo("success");
					assertThat(meters.get("mqtt.listener.retries")
						.tags("listener", "flaky", "connection", "default")
						.counter()
						.count()).isEqualTo(2);
					assertThat(meters.find("mqtt.listener.dead.letters").counters()).isEmpty();
				});
		}
	}

	@Test
	void secondMessageOfATopicWaitsForTheRetriedFirstWhileAnotherTopicAndAnotherListenerAreHandledAndAcknowledged() {
		String otherTopic = topicOnTheOtherThread("orders/a", 2);
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy, "mqtt.listener.retry.initial-interval=100ms", "mqtt.listener.retry.multiplier=1")
				.withUserConfiguration(OrderedListeners.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "orders/+", "audit/in");
					OrderedListeners listeners = context.getBean(OrderedListeners.class);
					MosquittoClients.publish(mosquitto.port(), "orders/a", "first", 1);
					MosquittoClients.publish(mosquitto.port(), "orders/a", "second", 1);
					assertThat(listeners.firstFailed.await(10, TimeUnit.SECONDS)).isTrue();

					MosquittoClients.publish(mosquitto.port(), otherTopic, "other topic", 1);
					MosquittoClients.publish(mosquitto.port(), "audit/in", "other listener", 1);
					List<String> meanwhile = List.of(listeners.handled.poll(10, TimeUnit.SECONDS),
							listeners.handled.poll(10, TimeUnit.SECONDS));
					assertThat(meanwhile).containsExactlyInAnyOrder("other topic", "other listener");
					// The two earlier messages, waiting, hold back neither acknowledgement
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 2);
					assertThat(listeners.handled.poll(300, TimeUnit.MILLISECONDS)).as("waits for 'first'").isNull();
					assertThat(listeners.firstAttempts.get()).isGreaterThan(1);

					listeners.databaseDown = false;
					assertThat(listeners.handled.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
					assertThat(listeners.handled.poll(10, TimeUnit.SECONDS)).isEqualTo("second");
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 4);
				});
		}
	}

	@Test
	void retryAttributeAndItsPlaceholderOverrideTheProperties() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy, "mqtt.listener.retry.max-attempts=3", "mqtt.listener.retry.initial-interval=50ms",
					"test.attempts=2")
				.withUserConfiguration(RetryAttributes.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "attributes/defaulted", "attributes/no", "attributes/yes",
							"attributes/placeholder");
					BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
					MessageHandler collector = errors::add;
					context.getBean("errorChannel", SubscribableChannel.class).subscribe(collector);
					for (String listener : List.of("defaulted", "no", "yes", "placeholder")) {
						MosquittoClients.publish(mosquitto.port(), "attributes/" + listener, "fails", 1);
					}
					List<String> failures = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						Message<?> error = errors.poll(10, TimeUnit.SECONDS);
						assertThat(error).isNotNull();
						failures.add(((MqttListenerExecutionFailedException) error.getPayload()).getMessage());
					}
					RetryAttributes listeners = context.getBean(RetryAttributes.class);
					assertThat(listeners.invocations("defaulted")).as("mqtt.listener.retry.enabled=false").isEqualTo(1);
					assertThat(listeners.invocations("no")).as("retry = \"false\"").isEqualTo(1);
					assertThat(listeners.invocations("yes")).as("retry = \"true\": max-attempts").isEqualTo(3);
					assertThat(listeners.invocations("placeholder")).as("retry = \"${test.attempts}\"").isEqualTo(2);
					assertThat(failures).anySatisfy((message) -> assertThat(message).contains("@MqttListener 'yes'")
						.endsWith("failed on a message from topic 'attributes/yes' after 3 attempts"));
				});
		}
	}

	@Test
	void stoppingTheListenerDuringABackOffReturnsPromptlyAndLeavesTheMessageUnacknowledged(CapturedOutput output) {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy, "mqtt.listener.retry.enabled=true", "mqtt.listener.retry.initial-interval=10s",
					"mqtt.listener.retry.max-interval=10s")
				.withUserConfiguration(StubbornListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "stubborn/in");
					MosquittoClients.publish(mosquitto.port(), "stubborn/in", "never works", 1);
					StubbornListener listener = context.getBean(StubbornListener.class);
					await().atMost(Duration.ofSeconds(10)).untilAtomic(listener.attempts,
							org.hamcrest.Matchers.equalTo(1));
					Thread.sleep(200);

					long started = System.nanoTime();
					context.getBean(MqttListenerEndpointRegistry.class).stop("stubborn");
					assertThat(Duration.ofNanos(System.nanoTime() - started))
						.as("a 10 s back-off and a 10 s shutdown timeout, cut short")
						.isLessThan(Duration.ofSeconds(3));
					Thread.sleep(300);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).isZero();
					assertThat(listener.attempts).hasValue(1);
					assertThat(output).contains("@MqttListener 'stubborn'", "stopped while waiting to try the message "
							+ "from topic 'stubborn/in' again after 1 failed attempt; it is not acknowledged");
				});
		}
	}

	@Test
	void mqtt311ListenerIsRetriedAndItsDeadLetterHasNoPropertiesWhileTheDetailsAreLogged(CapturedOutput output) {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy, "mqtt.protocol-version=3.1.1", "mqtt.listener.retry.enabled=true",
					"mqtt.listener.retry.initial-interval=200ms", "mqtt.listener.dead-letter.enabled=true")
				.withUserConfiguration(FlakyListener.class, PoisonListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "flaky/in", "poison/in");
					MosquittoClients.Subscriber deadLetters = MosquittoClients.subscribe(mosquitto.port(),
							"dead-letter/#", 1, 15, "%t|%p|%P");
					deadLetters.awaitSubscribed();
					MosquittoClients.publish(mosquitto.port(), MqttProtocol.MQTT_3_1_1, "flaky/in", "order-2", 1);
					MosquittoClients.publish(mosquitto.port(), MqttProtocol.MQTT_3_1_1, "poison/in", "order-3", 1);

					assertThat(deadLetters.awaitLines()).containsExactly("dead-letter/poison/in|order-3|");
					FlakyListener flaky = context.getBean(FlakyListener.class);
					assertThat(flaky.attempts).hasSize(3);
					assertThat(context.getBean(PoisonListener.class).attempts).hasValue(3);
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 2);
					assertThat(output).contains("@MqttListener 'poison' (bean",
							"failed on a message from topic 'poison/in' after 3 attempts; published as dead letter to "
									+ "'dead-letter/poison/in' (original topic 'poison/in', listener 'poison', 3 "
									+ "attempts, java.lang.IllegalStateException: cannot process order-3)");
				});
		}
	}

	private static long millisBetween(List<Long> nanoTimes, int index) {
		return TimeUnit.NANOSECONDS.toMillis(nanoTimes.get(index + 1) - nanoTimes.get(index));
	}

	// A topic that a listener with this concurrency processes on another thread than the given one
	private static String topicOnTheOtherThread(String topic, int concurrency) {
		for (int i = 0;; i++) {
			String candidate = "orders/" + i;
			if (Math.floorMod(candidate.hashCode(), concurrency) != Math.floorMod(topic.hashCode(), concurrency)) {
				return candidate;
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyListener {

		final List<Long> attempts = new CopyOnWriteArrayList<>();

		@MqttListener(id = "flaky", topics = "flaky/in")
		void onMessage(String payload) {
			this.attempts.add(System.nanoTime());
			if (this.attempts.size() < 3) {
				throw new IllegalStateException("database briefly down");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoisonListener {

		final AtomicInteger attempts = new AtomicInteger();

		@MqttListener(id = "poison", topics = "poison/in")
		void onMessage(String payload) {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("cannot process " + payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StubbornListener {

		final AtomicInteger attempts = new AtomicInteger();

		@MqttListener(id = "stubborn", topics = "stubborn/in")
		void onMessage(String payload) {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("not now");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListeners {

		final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

		final CountDownLatch firstFailed = new CountDownLatch(1);

		final AtomicInteger firstAttempts = new AtomicInteger();

		volatile boolean databaseDown = true;

		// Many short attempts: the test decides when the first message gets through
		@MqttListener(id = "orders", topics = "orders/+", concurrency = "2", retry = "100")
		void onOrder(String order) {
			if (order.equals("first") && this.databaseDown) {
				this.firstAttempts.incrementAndGet();
				this.firstFailed.countDown();
				throw new IllegalStateException("database down");
			}
			this.handled.add(order);
		}

		@MqttListener(id = "audit", topics = "audit/in")
		void onAudit(String event) {
			this.handled.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetryAttributes {

		final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();

		int invocations(String listener) {
			return this.invocations.getOrDefault(listener, new AtomicInteger()).get();
		}

		private void fail(String listener) {
			this.invocations.computeIfAbsent(listener, (key) -> new AtomicInteger()).incrementAndGet();
			throw new IllegalStateException(listener + " fails");
		}

		@MqttListener(id = "defaulted", topics = "attributes/defaulted")
		void defaulted(String payload) {
			fail("defaulted");
		}

		@MqttListener(id = "no", topics = "attributes/no", retry = "false")
		void no(String payload) {
			fail("no");
		}

		@MqttListener(id = "yes", topics = "attributes/yes", retry = "true")
		void yes(String payload) {
			fail("yes");
		}

		@MqttListener(id = "placeholder", topics = "attributes/placeholder", retry = "${test.attempts}")
		void placeholder(String payload) {
			fail("placeholder");
		}

	}

}
