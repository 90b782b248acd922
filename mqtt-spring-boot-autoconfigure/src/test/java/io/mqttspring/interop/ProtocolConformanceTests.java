package io.mqttspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.AckMode;
import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttProtocol;
import io.mqttspring.testsupport.NatsServer;
import io.mqttspring.testsupport.RabbitMqBroker;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same scenarios on every broker and protocol version the starter is proven against:
 * brokers we did not write (Mosquitto, NATS, RabbitMQ as processes, HiveMQ CE embedded),
 * MQTT 5, 3.1.1 and 3.1 where the broker speaks them. What a broker cannot do is an
 * expectation of its own, with the reason, never a skipped assertion.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ProtocolConformanceTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPersistence();

	@RegisterExtension
	static final NatsServer nats = new NatsServer();

	@RegisterExtension
	static final RabbitMqBroker rabbitmq = new RabbitMqBroker();

	static Stream<Target> targets() {
		return Stream.of(new Target(Broker.MOSQUITTO, MqttProtocolVersion.MQTT_5, PAHO),
				new Target(Broker.MOSQUITTO, MqttProtocolVersion.MQTT_3_1_1, PAHO),
				new Target(Broker.MOSQUITTO, MqttProtocolVersion.MQTT_3_1, PAHO),
				new Target(Broker.HIVEMQ, MqttProtocolVersion.MQTT_5, PAHO),
				new Target(Broker.HIVEMQ, MqttProtocolVersion.MQTT_3_1_1, PAHO),
				new Target(Broker.NATS, MqttProtocolVersion.MQTT_3_1_1, PAHO),
				new Target(Broker.RABBITMQ, MqttProtocolVersion.MQTT_3_1_1, PAHO),
				new Target(Broker.RABBITMQ, MqttProtocolVersion.MQTT_3_1, PAHO),
				// The HiveMQ client speaks MQTT 5 and 3.1.1, not 3.1
				new Target(Broker.MOSQUITTO, MqttProtocolVersion.MQTT_5, HIVEMQ_CLIENT),
				new Target(Broker.MOSQUITTO, MqttProtocolVersion.MQTT_3_1_1, HIVEMQ_CLIENT),
				new Target(Broker.HIVEMQ, MqttProtocolVersion.MQTT_5, HIVEMQ_CLIENT),
				new Target(Broker.HIVEMQ, MqttProtocolVersion.MQTT_3_1_1, HIVEMQ_CLIENT),
				new Target(Broker.NATS, MqttProtocolVersion.MQTT_3_1_1, HIVEMQ_CLIENT),
				new Target(Broker.RABBITMQ, MqttProtocolVersion.MQTT_3_1_1, HIVEMQ_CLIENT));
	}

	private static final String PAHO = "paho";

	private static final String HIVEMQ_CLIENT = "hivemq";

	@ParameterizedTest
	@MethodSource("targets")
	void templateToListenerAtQos0And1AndQos2AsFarAsTheBrokerHasIt(Target target) {
		target.runner().withUserConfiguration(Collector.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, target.root() + "/data/+");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			Collector collector = context.getBean(Collector.class);
			template.publish(target.root() + "/data/a", "zero", 0, false).get(10, TimeUnit.SECONDS);
			assertThat(collector.next()).isEqualTo("data a zero qos0");
			template.publish(target.root() + "/data/b", "one", 1, false).get(10, TimeUnit.SECONDS);
			assertThat(collector.next()).isEqualTo("data b one qos1");
			CompletableFuture<MqttPublishResult> two = template.publish(target.root() + "/data/c", "two", 2, false);
			switch (target.broker()) {
				// NATS 2.9 has no QoS 2: it closes the connection on a QoS 2 PUBLISH
				case NATS -> {
					assertThat(two).failsWithin(Duration.ofSeconds(30))
						.withThrowableThat()
						.withMessageContaining("the connection was lost 3 times while this publish (QoS 2")
						.withMessageContaining("NATS 2.9 does so for QoS 2 publishes");
					template.publish(target.root() + "/data/d", "after", 1, false).get(20, TimeUnit.SECONDS);
					assertThat(collector.next()).isEqualTo("data d after qos1");
				}
				case RABBITMQ -> {
					if (HIVEMQ_CLIENT.equals(target.transport())) {
						// RabbitMQ 3.10 answers a QoS 2 PUBLISH with a PUBACK, which the HiveMQ
						// client does not accept: it closes the connection, and the publish fails
						assertThat(two).failsWithin(Duration.ofSeconds(30))
							.withThrowableThat()
							.withMessageContaining("PUBACK must not be received for a QoS 2 PUBLISH")
							.withMessageContaining("RabbitMQ 3.10 a QoS 2 message with a PUBACK");
						template.publish(target.root() + "/data/d", "after", 1, false).get(20, TimeUnit.SECONDS);
						String next = collector.next();
						// RabbitMQ routed it at QoS 1 before the client closed the connection
						if ("data c two qos1".equals(next)) {
							next = collector.next();
						}
						assertThat(next).isEqualTo("data d after qos1");
					}
					else {
						// RabbitMQ 3.10 downgrades QoS 2 to 1, for publishers and subscribers
						assertThat(two).succeedsWithin(Duration.ofSeconds(10));
						assertThat(collector.next()).isEqualTo("data c two qos1");
					}
				}
				default -> {
					assertThat(two).succeedsWithin(Duration.ofSeconds(10));
					assertThat(collector.next()).isEqualTo("data c two qos2");
				}
			}
		});
	}

	@ParameterizedTest
	@MethodSource("targets")
	void anOutsideClientsMessageReachesTheWildcardAndTopicVariableListeners(Target target) {
		target.runner().withUserConfiguration(Collector.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, target.root() + "/data/+", target.root() + "/tree/#");
			MosquittoClients.publish(target.port(), MqttProtocol.MQTT_3_1_1, target.root() + "/data/dev-7", "outside",
					1);
			MosquittoClients.publish(target.port(), MqttProtocol.MQTT_3_1_1, target.root() + "/tree/x/y/z", "deep", 1);
			Collector collector = context.getBean(Collector.class);
			assertThat(List.of(collector.next(), collector.next())).containsExactlyInAnyOrder(
					"data dev-7 outside qos1", "tree " + target.root() + "/tree/x/y/z deep qos1");
		});
	}

	@ParameterizedTest
	@MethodSource("targets")
	void aRetainedMessageIsSeenByALaterSubscriberOfItsTopicAndOfAWildcard(Target target) {
		String topic = target.root() + "/retained/kept";
		target.runner().run((context) -> {
			MqttContexts.awaitConnected(context);
			context.getBean(MqttTemplate.class).publish(topic, "kept", 1, true).get(10, TimeUnit.SECONDS);
		});
		// One listener per application: without subscription identifiers a message cannot be
		// told apart by the subscription it came for
		target.runner().withUserConfiguration(RetainedByTopic.class).run((context) -> {
			assertThat(context.getBean(RetainedByTopic.class).received.poll(10, TimeUnit.SECONDS))
				.isEqualTo(topic + " kept retained");
		});
		target.runner().withUserConfiguration(RetainedByWildcard.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, target.root() + "/retained/+");
			String received = context.getBean(RetainedByWildcard.class).received.poll(3, TimeUnit.SECONDS);
			if (target.broker() == Broker.RABBITMQ) {
				// RabbitMQ 3.10 gives wildcard subscribers no retained messages
				assertThat(received).isNull();
			}
			else {
				assertThat(received).isEqualTo(topic + " kept retained");
			}
		});
		MosquittoClients.publishRetained(target.port(), MqttProtocol.MQTT_3_1_1, topic, "", 1);
	}

	@ParameterizedTest
	@MethodSource("targets")
	void theWillIsPublishedWhenTheConnectionIsCutAbruptly(Target target) {
		String willTopic = target.root() + "/will";
		MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(target.port(), MqttProtocol.MQTT_3_1_1,
				willTopic, 1, 1, 20);
		subscriber.awaitSubscribed();
		try (TcpProxy proxy = new TcpProxy(target.port())) {
			target.runner(proxy.uri())
				.withPropertyValues("mqtt.will.topic=" + willTopic, "mqtt.will.payload=gone", "mqtt.will.qos=1")
				.run((context) -> {
					MqttContexts.awaitConnected(context);
					proxy.cut();
					assertThat(subscriber.awaitLines()).containsExactly(willTopic + " gone");
				});
		}
	}

	@ParameterizedTest
	@MethodSource("targets")
	void aPersistentSessionKeepsQos1MessagesPublishedWhileTheApplicationWasDown(Target target) {
		ApplicationContextRunner persistent = target.persistentRunner(target.uri());
		persistent.withUserConfiguration(Collector.class)
			.run((context) -> MqttContexts.awaitSubscribed(context, target.root() + "/data/+"));
		for (int i = 0; i < 3; i++) {
			MosquittoClients.publish(target.port(), MqttProtocol.MQTT_3_1_1, target.root() + "/data/offline",
					"while-down-" + i, 1);
		}
		persistent.withUserConfiguration(Collector.class).run((context) -> {
			Collector collector = context.getBean(Collector.class);
			for (int i = 0; i < 3; i++) {
				assertThat(collector.next()).isEqualTo("data offline while-down-" + i + " qos1");
			}
		});
	}

	@ParameterizedTest
	@MethodSource("targets")
	void afterTheBrokerWasRestartedTheListenersAreSubscribedAgain(Target target) {
		try (TcpProxy proxy = new TcpProxy(target.port())) {
			String uri = (target.broker() == Broker.HIVEMQ) ? proxy.uri() : target.uri();
			target.runner(uri).withUserConfiguration(Collector.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, target.root() + "/data/+");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				target.restart(proxy);
				await().atMost(Duration.ofSeconds(60)).until(() -> client.getStatus().reconnects() == 1);
				MqttContexts.awaitSubscribed(context, target.root() + "/data/+");
				MosquittoClients.publish(target.port(), MqttProtocol.MQTT_3_1_1, target.root() + "/data/back",
						"again", 1);
				assertThat(context.getBean(Collector.class).next()).isEqualTo("data back again qos1");
			});
		}
	}

	@ParameterizedTest
	@MethodSource("targets")
	void aWithheldManualAcknowledgementMakesTheBrokerDeliverTheMessageAgainAfterAReconnect(Target target) {
		try (TcpProxy proxy = new TcpProxy(target.port())) {
			target.persistentRunner(proxy.uri()).withUserConfiguration(ManualCollector.class).run((context) -> {
				MqttContexts.awaitSubscribed(context, target.root() + "/manual");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				MosquittoClients.publish(target.port(), MqttProtocol.MQTT_3_1_1, target.root() + "/manual", "held", 1);
				ManualCollector collector = context.getBean(ManualCollector.class);
				assertThat(collector.received.poll(10, TimeUnit.SECONDS)).isEqualTo("held first");
				proxy.cut();
				await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
				proxy.restore();
				assertThat(collector.received.poll(30, TimeUnit.SECONDS)).isEqualTo("held again");
			});
		}
	}

	enum Broker {

		MOSQUITTO, HIVEMQ, NATS, RABBITMQ

	}

	/**
	 * One broker spoken to with one protocol version over one client library
	 * ({@code mqtt.transport}).
	 */
	record Target(Broker broker, MqttProtocolVersion version, String transport) {

		String uri() {
			return switch (this.broker) {
				case MOSQUITTO -> mosquitto.uri();
				case HIVEMQ -> EmbeddedHiveMq.uri();
				case NATS -> nats.uri();
				case RABBITMQ -> rabbitmq.uri();
			};
		}

		int port() {
			return switch (this.broker) {
				case MOSQUITTO -> mosquitto.port();
				case HIVEMQ -> EmbeddedHiveMq.port();
				case NATS -> nats.port();
				case RABBITMQ -> rabbitmq.port();
			};
		}

		// Every test gets topics of its own: retained messages and sessions stay apart
		String root() {
			return ProtocolConformanceTests.root;
		}

		ApplicationContextRunner runner() {
			return runner(uri());
		}

		ApplicationContextRunner runner(String uri) {
			return MqttContexts.runner(uri)
				.withPropertyValues("mqtt.protocol-version=" + this.version.value(), "mqtt.transport=" + this.transport,
						"conformance.root=" + root());
		}

		ApplicationContextRunner persistentRunner(String uri) {
			ApplicationContextRunner runner = runner(uri).withPropertyValues(
					"mqtt.client-id=conformance-" + root().replace('/', '-'), "mqtt.clean-start=false");
			return this.version.isMqtt5() ? runner.withPropertyValues("mqtt.session-expiry=1h") : runner;
		}

		// The embedded broker cannot be restarted in the test JVM: its connections are cut
		void restart(TcpProxy proxy) {
			switch (this.broker) {
				case MOSQUITTO -> {
					mosquitto.kill();
					mosquitto.start();
				}
				case NATS -> {
					nats.kill();
					nats.start();
				}
				case RABBITMQ -> {
					rabbitmq.kill();
					rabbitmq.start();
				}
				case HIVEMQ -> {
					proxy.cut();
					proxy.restore();
				}
			}
		}

		@Override
		public String toString() {
			return this.broker.name().toLowerCase(java.util.Locale.ROOT) + " with " + this.version + " over "
					+ this.transport;
		}

	}

	private static volatile String root;

	@BeforeEach
	void newRoot() {
		root = "conformance/" + Long.toString(System.nanoTime(), 36);
	}

	@Configuration(proxyBeanMethods = false)
	static class Collector {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "${conformance.root}/data/{device}", qos = 2)
		void onData(String payload, @TopicVariable("device") String device,
				@Header(MqttHeaders.RECEIVED_QOS) int qos) {
			this.received.add("data " + device + " " + payload + " qos" + qos);
		}

		@MqttListener(topics = "${conformance.root}/tree/#")
		void onTree(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic,
				@Header(MqttHeaders.RECEIVED_QOS) int qos) {
			this.received.add("tree " + topic + " " + payload + " qos" + qos);
		}

		String next() throws InterruptedException {
			return this.received.poll(10, TimeUnit.SECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetainedByTopic {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "${conformance.root}/retained/kept")
		void onMessage(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic,
				@Header(MqttHeaders.RECEIVED_RETAINED) boolean retained) {
			this.received.add(topic + " " + payload + (retained ? " retained" : ""));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetainedByWildcard {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "${conformance.root}/retained/+")
		void onMessage(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic,
				@Header(MqttHeaders.RECEIVED_RETAINED) boolean retained) {
			this.received.add(topic + " " + payload + (retained ? " retained" : ""));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualCollector {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final AtomicBoolean withheld = new AtomicBoolean();

		@MqttListener(topics = "${conformance.root}/manual", ackMode = AckMode.MANUAL)
		void onMessage(String payload, MqttAcknowledgment acknowledgment) {
			if (this.withheld.compareAndSet(false, true)) {
				this.received.add(payload + " first");
				return;
			}
			this.received.add(payload + " again");
			acknowledgment.acknowledge();
		}

	}

}
