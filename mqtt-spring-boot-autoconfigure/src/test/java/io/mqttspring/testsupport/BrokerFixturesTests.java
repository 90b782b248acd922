package io.mqttspring.testsupport;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The NATS and RabbitMQ fixtures start, restart and behave as their Javadoc says,
 * observed with the Mosquitto command line clients and raw CONNECT packets only, so that
 * the fixtures are proven independently of the starter's MQTT 3.1.1 support.
 */
class BrokerFixturesTests {

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

	private static final MqttProtocol V311 = MqttProtocol.MQTT_3_1_1;

	@Nested
	class Nats {

		@RegisterExtension
		static final NatsServer nats = new NatsServer();

		@Test
		void subscriberReceivesWhatAPublisherSendsOverMqtt311() {
			assertRoundTrip(nats.port(), V311, "nats/round-trip");
		}

		@Test
		void retainedMessageIsKeptAcrossAGracefulRestart() {
			MosquittoClients.publishRetained(nats.port(), V311, "nats/retained", "kept", 1);
			nats.stop();
			assertThat(nats.isRunning()).isFalse();
			nats.start();
			assertThat(MosquittoClients.subscribe(nats.port(), V311, "nats/retained", 1, 1, 10).awaitLines())
				.containsExactly("nats/retained kept");
		}

		@Test
		void restartsOnTheSamePortAfterKillWhileAClientWasConnected() throws IOException {
			assertRestartsAfterKill(nats.port(), nats::kill, nats::start, "nats/after-kill");
		}

		@Test
		void closesTheConnectionOnAQos2Publish() {
			MosquittoClients.Run qos2 = MosquittoClients.attemptPublish(nats.port(), V311, "nats/qos2", "two", 2);
			assertThat(qos2.exitCode()).as(qos2.output()).isNotZero();
			assertThat(qos2.output()).contains("sending PUBLISH (d0, q2")
				.doesNotContain("received PUBREC")
				.contains("The connection was lost");
			assertThat(nats.log()).contains("publish QoS=2 not supported");
			assertRoundTrip(nats.port(), V311, "nats/after-qos2");
		}

		@Test
		void answersAnMqtt5ConnectWithConnackReturnCode1() throws IOException {
			assertThat(MqttConnectProbe.connect(nats.port(), MqttProtocol.MQTT_5, PROBE_TIMEOUT)).hasValue(0x01);
		}

		@Test
		void closesAnMqtt31ConnectionWithoutConnack() throws IOException {
			assertThat(MqttConnectProbe.connect(nats.port(), MqttProtocol.MQTT_3_1, PROBE_TIMEOUT)).isEmpty();
		}

		@Test
		void takesASharedSubscriptionAsALiteralTopic() {
			assertSharedSubscriptionIsLiteral(nats.port(), "nats/shared");
		}

	}

	@Nested
	class RabbitMq {

		@RegisterExtension
		static final RabbitMqBroker rabbitMq = new RabbitMqBroker();

		@Test
		void subscriberReceivesWhatAPublisherSendsOverMqtt311And31() {
			assertRoundTrip(rabbitMq.port(), V311, "rabbitmq/round-trip/311");
			assertRoundTrip(rabbitMq.port(), MqttProtocol.MQTT_3_1, "rabbitmq/round-trip/31");
		}

		@Test
		void retainedMessageIsKeptAcrossAGracefulRestart() {
			MosquittoClients.publishRetained(rabbitMq.port(), V311, "rabbitmq/retained", "kept", 1);
			rabbitMq.stop();
			assertThat(rabbitMq.isRunning()).isFalse();
			rabbitMq.start();
			assertThat(MosquittoClients.subscribe(rabbitMq.port(), V311, "rabbitmq/retained", 1, 1, 10).awaitLines())
				.containsExactly("rabbitmq/retained kept");
		}

		@Test
		void restartsOnTheSamePortAfterKillWhileAClientWasConnected() throws IOException {
			assertRestartsAfterKill(rabbitMq.port(), rabbitMq::kill, rabbitMq::start, "rabbitmq/after-kill");
		}

		@Test
		void closesAnMqtt5ConnectionWithoutConnack() throws IOException {
			assertThat(MqttConnectProbe.connect(rabbitMq.port(), MqttProtocol.MQTT_5, PROBE_TIMEOUT)).isEmpty();
		}

		@Test
		void downgradesQos2To1() {
			MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(rabbitMq.port(), V311,
					"rabbitmq/qos2", 2, 1, 10, "%t %p q%q");
			assertThat(subscriber.awaitSubscribed()).containsExactly(1);
			MosquittoClients.Run qos2 = MosquittoClients.attemptPublish(rabbitMq.port(), V311, "rabbitmq/qos2",
					"two", 2);
			// mosquitto_pub takes a PUBACK for its QoS 2 PUBLISH as a protocol error
			assertThat(qos2.output()).contains("received PUBACK").doesNotContain("received PUBREC");
			assertThat(subscriber.awaitLines()).containsExactly("rabbitmq/qos2 two q1");
		}

		@Test
		void givesRetainedMessagesToExactSubscriptionsOnly() {
			MosquittoClients.publishRetained(rabbitMq.port(), V311, "rabbitmq/wildcard/retained", "kept", 1);
			MosquittoClients.Subscriber wildcard = MosquittoClients.subscribe(rabbitMq.port(), V311,
					"rabbitmq/wildcard/#", 1, 1, 2);
			assertThat(MosquittoClients.subscribe(rabbitMq.port(), V311, "rabbitmq/wildcard/retained", 1, 1, 10)
				.awaitLines()).containsExactly("rabbitmq/wildcard/retained kept");
			assertThat(wildcard.awaitLines()).isEmpty();
		}

		@Test
		void takesASharedSubscriptionAsALiteralTopic() {
			assertSharedSubscriptionIsLiteral(rabbitMq.port(), "rabbitmq/shared");
		}

	}

	private static void assertRoundTrip(int port, MqttProtocol protocol, String topic) {
		MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(port, protocol, topic, 1, 2, 10);
		assertThat(subscriber.awaitSubscribed()).containsExactly(1);
		MosquittoClients.publish(port, protocol, topic, "at-most-once", 0);
		MosquittoClients.publish(port, protocol, topic, "at-least-once", 1);
		assertThat(subscriber.awaitLines()).containsExactly(topic + " at-most-once", topic + " at-least-once");
	}

	// With a client connected, the killed broker's side of the connection stays in
	// TIME_WAIT: the restarted broker must still be able to listen on the port
	private static void assertRestartsAfterKill(int port, Runnable kill, Runnable start, String topic)
			throws IOException {
		MosquittoClients.Subscriber connected = MosquittoClients.subscribe(port, V311, topic, 1, 1, 3);
		connected.awaitSubscribed();
		kill.run();
		assertThatIOException().isThrownBy(() -> MqttConnectProbe.connect(port, V311, PROBE_TIMEOUT));
		start.run();
		assertThat(MqttConnectProbe.connect(port, V311, PROBE_TIMEOUT)).hasValue(0);
		assertRoundTrip(port, V311, topic);
		// It reconnects until its time-out, and may get a message after the restart
		connected.awaitLines();
	}

	// The broker grants the subscription but matches it as a topic name: of a message to
	// the topic and one to the literal filter, only the second arrives
	private static void assertSharedSubscriptionIsLiteral(int port, String topic) {
		String shared = "$share/group/" + topic;
		MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(port, V311, shared, 1, 1, 10);
		assertThat(subscriber.awaitSubscribed()).containsExactly(1);
		MosquittoClients.publish(port, V311, topic, "to-the-topic", 1);
		MosquittoClients.publish(port, V311, shared, "to-the-literal-filter", 1);
		assertThat(subscriber.awaitLines()).containsExactly(shared + " to-the-literal-filter");
	}

}
