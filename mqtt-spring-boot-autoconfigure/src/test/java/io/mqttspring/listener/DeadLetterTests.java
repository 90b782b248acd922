package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.mqttspring.Reading;
import io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.DynamicSecurity;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
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
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters ({@code mqtt.listener.dead-letter.*}) against Mosquitto: what an outside
 * subscriber of the dead-letter topic sees, when the original is acknowledged (on the
 * wire, and through redelivery after a connection cut with a persistent session), and
 * the order of error handler, dead letter and error channel.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	// Clients may publish to guarded/# but not to the dead-letter topics
	@RegisterExtension
	static final MosquittoBroker guarded = new MosquittoBroker().withDynamicSecurity(new DynamicSecurity()
		.anonymous("publishClientSend guarded/#", "subscribePattern guarded/#", "subscribePattern dead-letter/#"));

	private static ApplicationContextRunner persistent(TcpProxy proxy, String clientId, String... properties) {
		return MqttContexts.runner(proxy.uri())
			.withConfiguration(AutoConfigurations.of(MqttMetricsAutoConfiguration.class))
			.withUserConfiguration(ListenerRetryTests.Meters.class)
			.withPropertyValues("mqtt.client-id=" + clientId, "mqtt.clean-start=false", "mqtt.session-expiry=1h",
					"mqtt.listener.dead-letter.enabled=true")
			.withPropertyValues(properties);
	}

	@Test
	void messageFailingEveryAttemptIsDeadLetteredWithItsPayloadAndPropertiesAndNotRedeliveredAfterAReconnect() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "dead-letter-poison", "mqtt.listener.retry.enabled=true",
					"mqtt.listener.retry.initial-interval=200ms")
				.withUserConfiguration(PoisonListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "poison/in");
					MosquittoClients.Subscriber deadLetters = MosquittoClients.subscribe(mosquitto.port(),
							"dead-letter/#", 1, 15, "%t|%p|%C|%P");
					deadLetters.awaitSubscribed();
					context.getBean(MqttTemplate.class)
						.publish("poison/in", "always fails",
								(options) -> options.contentType("text/plain").userProperty("tenant", "acme"))
						.get(10, TimeUnit.SECONDS);

					// The exception message, 1,401 bytes of UTF-8, cut before the 'ü' that would cross 1 KiB
					assertThat(deadLetters.awaitLines()).containsExactly("dead-letter/poison/in|always fails|"
							+ "text/plain|tenant:acme x-original-topic:poison/in x-listener-id:poison "
							+ "x-exception-class:java.lang.IllegalStateException x-exception-message:x"
							+ "ü".repeat(511) + " x-attempts:3");
					PoisonListener listener = context.getBean(PoisonListener.class);
					assertThat(listener.attempts).hasValue(3);
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1);
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					assertThat(meters.get("mqtt.listener.dead.letters")
						.tags("listener", "poison", "connection", "default")
						.counter()
						.count()).isEqualTo(1);

					MqttContexts.cutAndAwaitReconnect(proxy, context);
					Thread.sleep(1000);
					assertThat(listener.attempts).as("acknowledged: not delivered again").hasValue(3);
				});
		}
	}

	@Test
	void conversionFailureIsDeadLetteredAtOnceWithOneAttempt() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "dead-letter-conversion", "mqtt.listener.retry.enabled=true",
					"mqtt.listener.retry.initial-interval=5s", "mqtt.listener.retry.max-interval=5s")
				.withUserConfiguration(ReadingListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "readings/in");
					MosquittoClients.Subscriber deadLetters = MosquittoClients.subscribe(mosquitto.port(),
							"dead-letter/#", 1, 4, "%t|%p|%P");
					deadLetters.awaitSubscribed();
					MosquittoClients.publish(mosquitto.port(), "readings/in", "not json", 1);

					// Within the first 5 s back-off: not retried
					List<String> lines = deadLetters.awaitLines();
					assertThat(lines).hasSize(1);
					assertThat(lines.get(0)).startsWith("dead-letter/readings/in|not json|x-original-topic:readings/in "
							+ "x-listener-id:readings x-exception-class:"
							+ "org.springframework.messaging.converter.MessageConversionException")
						.endsWith(" x-attempts:1");
					assertThat(context.getBean(ReadingListener.class).readings).isEmpty();
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1);
					assertThat(context.getBean(MeterRegistry.class).find("mqtt.listener.retries").counters()).isEmpty();
				});
		}
	}

	@Test
	void deadLetterRefusedByTheBrokerLeavesTheOriginalUnacknowledgedSoItComesBackAfterAReconnect(
			CapturedOutput output) {
		try (TcpProxy proxy = new TcpProxy(guarded.port())) {
			persistent(proxy, "dead-letter-refused").withUserConfiguration(GuardedListener.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, "guarded/in");
				MosquittoClients.publish(guarded.port(), "guarded/in", "refused twice", 1);
				GuardedListener listener = context.getBean(GuardedListener.class);
				assertThat(listener.deliveries.poll(10, TimeUnit.SECONDS)).isEqualTo("refused twice duplicate=false");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> output.getAll().contains("was not published, so the message is not acknowledged"));
				assertThat(output).contains("its dead letter to 'dead-letter/guarded/in' (original topic 'guarded/in', "
						+ "listener 'guarded', 1 attempt, java.lang.IllegalStateException: cannot process refused twice)"
						+ " was not published", "reason code 0x87 (Not authorized)");
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).as("not acknowledged").isZero();

				MqttContexts.cutAndAwaitReconnect(proxy, context);
				// Mosquitto 2.0 sends it again without the DUP flag
				assertThat(listener.deliveries.poll(10, TimeUnit.SECONDS)).as("delivered again")
					.startsWith("refused twice ");
			});
		}
	}

	@Test
	void errorHandlerComesBeforeTheDeadLetterItsResultIsTheReplyAndOnlyARethrowingOneLeadsToTheDeadLetter() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "dead-letter-order", "mqtt.listener.retry.enabled=true",
					"mqtt.listener.retry.max-attempts=2", "mqtt.listener.retry.initial-interval=100ms")
				.withUserConfiguration(HandledListeners.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "handled/in", "rethrown/in");
					MosquittoClients.Subscriber replies = MosquittoClients.subscribe(mosquitto.port(),
							"handled/replies", 1, 15);
					MosquittoClients.Subscriber deadLetters = MosquittoClients.subscribe(mosquitto.port(),
							"dead-letter/#", 1, 15);
					replies.awaitSubscribed();
					deadLetters.awaitSubscribed();
					MosquittoClients.publish(mosquitto.port(), "handled/in", "one", 1);
					MosquittoClients.publish(mosquitto.port(), "rethrown/in", "two", 1);

					assertThat(replies.awaitLines()).containsExactly("handled/replies handled after 2 attempts");
					assertThat(deadLetters.awaitLines()).containsExactly("dead-letter/rethrown/in two");
					HandledListeners listeners = context.getBean(HandledListeners.class);
					assertThat(listeners.handled).containsExactly("attempt", "attempt", "error handler");
					assertThat(listeners.rethrown).containsExactly("attempt", "attempt", "error handler");
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 2);
					Thread.sleep(300);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBLISH))
						.as("one reply, one dead letter")
						.isEqualTo(2);
				});
		}
	}

	@Test
	void failureTheResolverKeepsOutOfTheDeadLettersGoesToTheErrorChannelAfterTheRetries() {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.listener.dead-letter.enabled=true", "mqtt.listener.retry.enabled=true",
					"mqtt.listener.retry.initial-interval=100ms")
			.withUserConfiguration(ParkingListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "parking/+");
				BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
				MessageHandler collector = errors::add;
				context.getBean("errorChannel", SubscribableChannel.class).subscribe(collector);
				MosquittoClients.Subscriber parked = MosquittoClients.subscribe(mosquitto.port(), "parked/#", 1, 10);
				parked.awaitSubscribed();
				MosquittoClients.publish(mosquitto.port(), "parking/kept", "stays here", 1);
				MosquittoClients.publish(mosquitto.port(), "parking/moved", "goes away", 1);

				assertThat(parked.awaitLines()).containsExactly("parked/parking/parking/moved goes away");
				Message<?> error = errors.poll(10, TimeUnit.SECONDS);
				assertThat(error).isNotNull();
				assertThat(error.getPayload()).isInstanceOf(MqttListenerExecutionFailedException.class);
				assertThat(((MqttListenerExecutionFailedException) error.getPayload()).getMessage())
					.endsWith("failed on a message from topic 'parking/kept' after 3 attempts");
				assertThat(errors.poll(500, TimeUnit.MILLISECONDS)).as("the dead letter went to no error channel")
					.isNull();
				assertThat(context.getBean(ParkingListener.class).attempts).hasValue(6);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class PoisonListener {

		final AtomicInteger attempts = new AtomicInteger();

		@MqttListener(id = "poison", topics = "poison/in")
		void onMessage(String payload) {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("x" + "ü".repeat(700));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReadingListener {

		final List<Reading> readings = new CopyOnWriteArrayList<>();

		@MqttListener(id = "readings", topics = "readings/in")
		void onReading(Reading reading) {
			this.readings.add(reading);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GuardedListener {

		final BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();

		@MqttListener(id = "guarded", topics = "guarded/in")
		void onMessage(String payload, @Header(MqttHeaders.DUPLICATE) boolean duplicate) {
			this.deliveries.add(payload + " duplicate=" + duplicate);
			throw new IllegalStateException("cannot process " + payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandledListeners {

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<String> rethrown = new CopyOnWriteArrayList<>();

		@MqttListener(topics = "handled/in", errorHandler = "handlingErrorHandler")
		@SendTo("handled/replies")
		String onHandled(String payload) {
			this.handled.add("attempt");
			throw new IllegalStateException("fails");
		}

		@MqttListener(topics = "rethrown/in", errorHandler = "rethrowingErrorHandler")
		void onRethrown(String payload) {
			this.rethrown.add("attempt");
			throw new IllegalStateException("fails");
		}

		@Bean
		MqttListenerErrorHandler handlingErrorHandler() {
			return (message, exception) -> {
				this.handled.add("error handler");
				return "handled" + exception.getMessage().substring(exception.getMessage().lastIndexOf(" after"));
			};
		}

		@Bean
		MqttListenerErrorHandler rethrowingErrorHandler() {
			return (message, exception) -> {
				this.rethrown.add("error handler");
				throw exception;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParkingListener {

		final AtomicInteger attempts = new AtomicInteger();

		@MqttListener(id = "parking", topics = "parking/+")
		void onMessage(String payload) {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("cannot park " + payload);
		}

		// Replaces the one of mqtt.listener.dead-letter.topic-prefix
		@Bean
		MqttDeadLetterTopicResolver parkedTopics() {
			return (message, failure) -> {
				String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
				return topic.endsWith("/kept") ? null : "parked/" + failure.getListenerId() + "/" + topic;
			};
		}

	}

}
