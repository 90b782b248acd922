package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.Reading;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledgement modes and failure handling, observed through redelivery on a persistent
 * session (the connection is cut through a proxy) and through the packets on the wire.
 */
class AckModesAndErrorHandlingTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	private static ApplicationContextRunner persistent(TcpProxy proxy, String clientId) {
		return MqttContexts.runner(proxy.uri())
			.withPropertyValues("mqtt.client-id=" + clientId, "mqtt.clean-start=false", "mqtt.session-expiry=1h");
	}

	@Test
	void manualAckWithheldIsRedeliveredAfterReconnectAndNotAfterItWasAcknowledged() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "manual-ack").withUserConfiguration(ManualListener.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, "manual/orders");
				ManualListener listener = context.getBean(ManualListener.class);
				MosquittoClients.publish(mosquitto.port(), "manual/orders", "order-1", 1);
				assertThat(listener.deliveries.poll(10, TimeUnit.SECONDS)).isEqualTo("order-1 duplicate=false");

				Thread.sleep(300);
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).as("held back").isZero();

				MqttContexts.cutAndAwaitReconnect(proxy, context);
				assertThat(listener.deliveries.poll(10, TimeUnit.SECONDS)).startsWith("order-1 ");
				listener.held.get().acknowledge();
				listener.held.get().acknowledge();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1);

				MqttContexts.cutAndAwaitReconnect(proxy, context);
				assertThat(listener.deliveries.poll(2, TimeUnit.SECONDS)).as("acknowledged: not delivered again").isNull();
			});
		}
	}

	@Test
	void heldAcknowledgmentBlocksNeitherOtherListenersNorKeepAlive() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "held-ack").withPropertyValues("mqtt.keep-alive=1s")
				.withUserConfiguration(ManualListener.class, OtherListener.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "manual/orders", "other/events");
					MosquittoClients.publish(mosquitto.port(), "manual/orders", "held", 1);
					ManualListener manual = context.getBean(ManualListener.class);
					assertThat(manual.deliveries.poll(10, TimeUnit.SECONDS)).isEqualTo("held duplicate=false");
					int pubacksBefore = proxy.clientPackets().count(MqttPacketRecorder.PUBACK);
					for (int i = 0; i < 3; i++) {
						MosquittoClients.publish(mosquitto.port(), "other/events", "event-" + i, 1);
						assertThat(context.getBean(OtherListener.class).received.poll(10, TimeUnit.SECONDS))
							.isEqualTo("event-" + i);
					}
					// Holding the acknowledgment over several keep-alive intervals
					Thread.sleep(3000);
					SharedMqttClient client = context.getBean(SharedMqttClient.class);
					assertThat(client.isConnected()).isTrue();
					assertThat(client.getStatus().connectionLosses()).isZero();
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).isEqualTo(pubacksBefore + 3);
					manual.held.get().acknowledge();
					manual.held.get().acknowledge();
					await().atMost(Duration.ofSeconds(5))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == pubacksBefore + 4);
					Thread.sleep(300);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).as("acknowledge() is idempotent")
						.isEqualTo(pubacksBefore + 4);
				});
		}
	}

	@Test
	void poisonMessageInAutoModeGoesToErrorChannelIsAcknowledgedAndDoesNotComeBack() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "poison").withUserConfiguration(PoisonListener.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, "poison/in");
				BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
				MessageHandler collector = errors::add;
				context.getBean("errorChannel", SubscribableChannel.class).subscribe(collector);
				MosquittoClients.publish(mosquitto.port(), "poison/in", "always fails", 1);
				Message<?> error = errors.poll(10, TimeUnit.SECONDS);
				assertThat(error.getPayload()).isInstanceOf(MqttListenerExecutionFailedException.class);
				MqttListenerExecutionFailedException failure = (MqttListenerExecutionFailedException) error.getPayload();
				assertThat(failure.getListenerId()).isEqualTo("poison");
				assertThat(failure.getMessage()).contains("@MqttListener 'poison'").contains("topic 'poison/in'");
				assertThat(failure.getFailedMessage().getHeaders().get(MqttHeaders.RECEIVED_TOPIC)).isEqualTo("poison/in");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBACK) == 1);

				MqttContexts.cutAndAwaitReconnect(proxy, context);
				Thread.sleep(1000);
				assertThat(context.getBean(PoisonListener.class).invocations).as("not redelivered").hasValue(1);
			});
		}
	}

	@Test
	void errorHandlerThatRethrowsLeavesMessageUnacknowledgedSoItIsRedelivered() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			persistent(proxy, "rethrow").withUserConfiguration(RethrowingListener.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, "rethrow/in");
				MosquittoClients.publish(mosquitto.port(), "rethrow/in", "retry me", 1);
				RethrowingListener listener = context.getBean(RethrowingListener.class);
				await().atMost(Duration.ofSeconds(10)).untilAtomic(listener.invocations,
						org.hamcrest.Matchers.equalTo(1));
				Thread.sleep(300);
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).as("not acknowledged").isZero();
				MqttContexts.cutAndAwaitReconnect(proxy, context);
				await().atMost(Duration.ofSeconds(10)).untilAtomic(listener.invocations,
						org.hamcrest.Matchers.equalTo(2));
			});
		}
	}

	@Test
	void conversionFailureGoesToErrorHandlerWhoseResultIsTheReplyAndNextMessageIsProcessed() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(ConvertingListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "convert/in");
			MosquittoClients.Subscriber replies = MosquittoClients.subscribe(mosquitto.port(), "convert/out", 2, 10);
			mosquitto.awaitSubscription("convert/out");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("convert/in", "not json").get(10, TimeUnit.SECONDS);
			template.publish("convert/in", new Reading("r1", 3.5)).get(10, TimeUnit.SECONDS);
			assertThat(replies.awaitLines()).containsExactly("convert/out rejected: MessageConversionException",
					"convert/out accepted r1");
			ConvertingListener listener = context.getBean(ConvertingListener.class);
			assertThat(listener.failedTopics).containsExactly("convert/in");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ManualListener {

		final BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();

		final AtomicReference<MqttAcknowledgment> held = new AtomicReference<>();

		@MqttListener(id = "manual", topics = "manual/orders", ackMode = AckMode.MANUAL)
		void onOrder(String order, @Header(MqttHeaders.DUPLICATE) boolean duplicate,
				MqttAcknowledgment acknowledgment) {
			this.held.set(acknowledgment);
			this.deliveries.add(order + " duplicate=" + duplicate);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "other/events")
		void onEvent(String event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoisonListener {

		final AtomicInteger invocations = new AtomicInteger();

		@MqttListener(id = "poison", topics = "poison/in")
		void onMessage(String payload) {
			this.invocations.incrementAndGet();
			throw new IllegalStateException("cannot process " + payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RethrowingListener {

		final AtomicInteger invocations = new AtomicInteger();

		@MqttListener(topics = "rethrow/in", errorHandler = "rethrowingErrorHandler")
		void onMessage(String payload) {
			this.invocations.incrementAndGet();
			throw new IllegalStateException("not now");
		}

		@Bean
		MqttListenerErrorHandler rethrowingErrorHandler() {
			return (message, exception) -> {
				throw exception;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConvertingListener {

		final List<Object> failedTopics = new CopyOnWriteArrayList<>();

		@MqttListener(topics = "convert/in", errorHandler = "replyingErrorHandler")
		@org.springframework.messaging.handler.annotation.SendTo("convert/out")
		String onReading(Reading reading) {
			return "accepted " + reading.deviceId();
		}

		@Bean
		MqttListenerErrorHandler replyingErrorHandler() {
			return (message, exception) -> {
				this.failedTopics.add(message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC));
				Throwable cause = exception.getCause();
				while (cause != null && !(cause instanceof MessageConversionException)) {
					cause = cause.getCause();
				}
				return "rejected: " + ((cause != null) ? cause.getClass().getSimpleName() : exception);
			};
		}

	}

}
