package io.mqttspring.test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.mqttspring.test.MqttTestClient.MqttVersion;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MqttTestClient} against the broker of {@link EmbeddedMqttBroker @EmbeddedMqttBroker}
 * in a test class without Spring.
 */
@EmbeddedMqttBroker
class MqttTestClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void messageOfOneClientArrivesAtAnotherWithTopicPayloadAndQos(@MqttServerUri String serverUri) {
		try (MqttTestClient publisher = MqttTestClient.connect(serverUri);
				MqttTestClient subscriber = MqttTestClient.connect(serverUri)) {
			subscriber.subscribe("plain/+/temperature");
			publisher.publish("plain/kitchen/temperature", new byte[] { 0, 1, (byte) 0xFF }, 2, false);
			publisher.publish("plain/garden/temperature", "12.5", 0, false);
			ReceivedMessage bytes = subscriber.awaitMessage("plain/+/temperature", TIMEOUT);
			assertThat(bytes.topic()).isEqualTo("plain/kitchen/temperature");
			assertThat(bytes.payload()).containsExactly(0, 1, 0xFF);
			assertThat(bytes.qos()).isEqualTo(2);
			ReceivedMessage text = subscriber.awaitMessage("plain/+/temperature", TIMEOUT);
			assertThat(text.payloadAsString()).isEqualTo("12.5");
			assertThat(text.qos()).isZero();
		}
	}

	@Test
	void awaitMessagesReturnsEachMessageOnceInArrivalOrder(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.subscribe("order/#");
			for (int i = 1; i <= 3; i++) {
				client.publish("order/" + i, "m" + i, 1, false);
			}
			List<ReceivedMessage> firstTwo = client.awaitMessages("order/#", 2, TIMEOUT);
			assertThat(firstTwo).extracting(ReceivedMessage::payloadAsString).containsExactly("m1", "m2");
			assertThat(client.awaitMessage("order/+", TIMEOUT).payloadAsString()).isEqualTo("m3");
			client.expectNoMessage("order/#", Duration.ofMillis(200));
		}
	}

	@Test
	void awaitMessagesFailsWhenFewerArriveAndListsThem(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.subscribe("few/#");
			client.publish("few/1", "only one", 1, false);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.awaitMessages("few/#", 2, Duration.ofMillis(500)))
				.withMessage("Expected 2 messages on a topic matching 'few/#' within 500 ms, but 1 arrived. "
						+ "Subscribed to [few/#]; all messages that arrived (1):" + System.lineSeparator()
						+ "  few/1 (qos 1): \"only one\"");
		}
	}

	@Test
	void expectNoMessageShowsABinaryPayloadInHexadecimal(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.subscribe("binary");
			client.publish("binary", new byte[] { (byte) 0xC3, 0x28 }, 0, false);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.expectNoMessage("binary", TIMEOUT))
				.withMessageEndingWith("binary (qos 0): 2 bytes, not UTF-8: c328");
		}
	}

	@Test
	void retainedMessageArrivesFlaggedAtNewSubscriptionsUntilCleared(@MqttServerUri String serverUri) {
		try (MqttTestClient publisher = MqttTestClient.connect(serverUri)) {
			publisher.publish("retained/state", "on", 1, true);
			try (MqttTestClient late = MqttTestClient.connect(serverUri)) {
				ReceivedMessage state = late.awaitMessage("retained/state", TIMEOUT);
				assertThat(state.payloadAsString()).isEqualTo("on");
				assertThat(state.retained()).isTrue();
			}
			publisher.clearRetained("retained/state");
			try (MqttTestClient later = MqttTestClient.connect(serverUri)) {
				later.expectNoMessage("retained/state", Duration.ofMillis(500));
			}
		}
	}

	@Test
	void mqtt311AndMqtt5ClientsExchangeMessages(@MqttServerUri String serverUri) {
		try (MqttTestClient mqtt5 = MqttTestClient.connect(serverUri);
				MqttTestClient mqtt311 = MqttTestClient.connect(serverUri, MqttVersion.MQTT_3_1_1)) {
			mqtt5.subscribe("versions/to5");
			mqtt311.subscribe("versions/to311");
			mqtt311.publish("versions/to5", "from 3.1.1", 1, false);
			mqtt5.publish("versions/to311", "from 5", 2, false);
			assertThat(mqtt5.awaitMessage("versions/to5", TIMEOUT).payloadAsString()).isEqualTo("from 3.1.1");
			ReceivedMessage from5 = mqtt311.awaitMessage("versions/to311", TIMEOUT);
			assertThat(from5.payloadAsString()).isEqualTo("from 5");
			assertThat(from5.qos()).isEqualTo(2);
		}
	}

	@Test
	void connectingToAPortWithoutBrokerFailsWithAnUncheckedException() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> MqttTestClient.connect("tcp://127.0.0.1:" + closedPort))
			.withMessageStartingWith("Could not connect to the MQTT broker at tcp://127.0.0.1:" + closedPort);
	}

	@Test
	void filterCoversTheFiltersWhoseTopicsItMatchesAll() {
		assertThat(MqttTestClient.covers("a/#", "a/b/+")).isTrue();
		assertThat(MqttTestClient.covers("a/#", "a")).isTrue();
		assertThat(MqttTestClient.covers("a/+/c", "a/b/c")).isTrue();
		assertThat(MqttTestClient.covers("#", "b/c")).isTrue();
		assertThat(MqttTestClient.covers("a/+", "a/#")).isFalse();
		assertThat(MqttTestClient.covers("a/b", "a/+")).isFalse();
		assertThat(MqttTestClient.covers("a/+", "a/b/c")).isFalse();
		assertThat(MqttTestClient.covers("#", "$SYS/broker")).isFalse();
		assertThat(MqttTestClient.covers("$share/g/a/#", "a/b")).isFalse();
	}

}
