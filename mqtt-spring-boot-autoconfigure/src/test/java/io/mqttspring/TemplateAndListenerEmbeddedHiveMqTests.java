package io.mqttspring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing with {@link MqttTemplate} and receiving with {@link MqttListener} through the
 * embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class TemplateAndListenerEmbeddedHiveMqTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void objectPublishedByTemplateArrivesAtListenerAsConvertedRecordWithTopicHeader() throws Exception {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(ReadingListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "hivemq/readings/+");
			MqttPublishResult result = context.getBean(MqttTemplate.class)
				.publish("hivemq/readings/dev-1", new Reading("dev-1", 21.5))
				.get(10, TimeUnit.SECONDS);
			assertThat(result.topic()).isEqualTo("hivemq/readings/dev-1");
			assertThat(result.qos()).isEqualTo(1);
			ReadingListener listener = context.getBean(ReadingListener.class);
			assertThat(listener.readings.poll(10, TimeUnit.SECONDS)).isEqualTo(new Reading("dev-1", 21.5));
			assertThat(listener.topics.poll()).isEqualTo("hivemq/readings/dev-1");
		});
	}

	@Test
	void stringAndBytePayloadsArriveUnchangedAtListenersOfTheirType() throws Exception {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(RawListeners.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "hivemq/raw/text", "hivemq/raw/bytes");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("hivemq/raw/text", "grüße", 0, false).get(10, TimeUnit.SECONDS);
			template.publish("hivemq/raw/bytes", new byte[] { 0, 1, (byte) 0xFF }, 2, false).get(10, TimeUnit.SECONDS);
			RawListeners listeners = context.getBean(RawListeners.class);
			assertThat(listeners.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("grüße");
			Message<byte[]> bytes = listeners.messages.poll(10, TimeUnit.SECONDS);
			assertThat(bytes.getPayload()).containsExactly(0, 1, 0xFF);
			assertThat(bytes.getHeaders().get(MqttHeaders.RECEIVED_QOS)).isEqualTo(2);
			assertThat(bytes.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)).isEqualTo("hivemq/raw/bytes");
		});
	}

	@Test
	void listenerThatThrowsDoesNotBreakTheConnectionAndTheNextMessageArrives() throws Exception {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(FailingListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "hivemq/failing");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("hivemq/failing", "boom").get(10, TimeUnit.SECONDS);
			template.publish("hivemq/failing", new Reading(null, 0.0)).get(10, TimeUnit.SECONDS);
			template.publish("hivemq/failing", new Reading("ok", 1.0)).get(10, TimeUnit.SECONDS);
			FailingListener listener = context.getBean(FailingListener.class);
			assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Reading("ok", 1.0));
			assertThat(listener.invocations).hasValue(2);
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTED);
			assertThat(client.getLastDisconnectReason()).isNull();
		});
	}

	@Test
	void listenerOnAopProxiedBeanIsInvokedThroughTheProxy() throws Exception {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withUserConfiguration(ProxiedListenerConfiguration.class).run((context) -> {
			assertThat(context.getBean(MqttListenerEndpointRegistry.class).getListenerIds()).containsExactly("proxied");
			MqttContexts.awaitSubscribed(context, "hivemq/proxied");
			context.getBean(MqttTemplate.class).publish("hivemq/proxied", "via proxy").get(10, TimeUnit.SECONDS);
			ProxiedListener target = context.getBean(ProxiedListenerConfiguration.class).target;
			assertThat(target.received.poll(10, TimeUnit.SECONDS)).isEqualTo("via proxy");
			assertThat(context.getBean(ProxiedListenerConfiguration.class).intercepted).hasValue(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadingListener {

		final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();

		final BlockingQueue<String> topics = new LinkedBlockingQueue<>();

		@MqttListener(id = "readings", topics = "hivemq/readings/+")
		void onReading(Reading reading, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.topics.add(topic);
			this.readings.add(reading);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawListeners {

		final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

		final BlockingQueue<Message<byte[]>> messages = new LinkedBlockingQueue<>();

		@MqttListener(topics = "hivemq/raw/text", qos = 0)
		void onText(String text) {
			this.texts.add(text);
		}

		@MqttListener(topics = "hivemq/raw/bytes", qos = 2)
		void onBytes(Message<byte[]> message) {
			this.messages.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListener {

		final BlockingQueue<Reading> received = new LinkedBlockingQueue<>();

		final AtomicInteger invocations = new AtomicInteger();

		@MqttListener(topics = "hivemq/failing")
		void onMessage(Reading reading) {
			this.invocations.incrementAndGet();
			if (reading.deviceId() == null) {
				throw new IllegalStateException("listener failure on purpose");
			}
			this.received.add(reading);
		}

	}

	static class ProxiedListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(id = "proxied", topics = "hivemq/proxied")
		public void onMessage(String text) {
			this.received.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedListenerConfiguration {

		final ProxiedListener target = new ProxiedListener();

		final AtomicInteger intercepted = new AtomicInteger();

		@Bean
		Object proxiedListener() {
			ProxyFactory factory = new ProxyFactory(this.target);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				this.intercepted.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy();
		}

	}

}
