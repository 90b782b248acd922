package io.mqttspring.test.docs.orders;

import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.test.EmbeddedMqttBroker;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import io.mqttspring.test.MqttTestClient.MqttVersion;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * More of what a user's test sees of {@link OrderApplication} than {@link OrderDeskTests},
 * the test that docs/testing.md quotes, shows: the application's own publications, the
 * failure messages the page quotes, and an MQTT 3.1.1 client. Same configuration as
 * {@link OrderDeskTests}, so both share one cached context and its broker.
 */
@SpringBootTest
@EmbeddedMqttBroker
class OrderApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	MqttTemplate mqtt;

	MqttTestClient client;

	@BeforeEach
	void connect(@MqttServerUri String serverUri, @Autowired SharedMqttClient connection) {
		// The application connects and subscribes in the background after start-up
		await().atMost(TIMEOUT).until(() -> connection.isSubscribed("orders/+/placed"));
		this.client = MqttTestClient.connect(serverUri);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void confirmationArrivesWithTheQosTheApplicationPublishedItWithAndNotRetained() {
		this.client.subscribe("orders/+/confirmed");
		this.client.publish("orders/us/placed", "{\"id\":\"o-3\",\"item\":\"coffee\",\"quantity\":1}", 1, false);
		ReceivedMessage confirmation = this.client.awaitMessage("orders/+/confirmed", TIMEOUT);
		assertThat(confirmation.topic()).isEqualTo("orders/us/confirmed");
		assertThat(confirmation.payloadAsString()).isEqualTo("confirmed o-3");
		// The client subscribes at QoS 2, so the QoS it reports is the publisher's
		assertThat(confirmation.qos()).isEqualTo(1);
		assertThat(confirmation.retained()).isFalse();
		assertThat(confirmation.userProperties()).containsEntry("region", "us");
	}

	@Test
	void retainedMessagePublishedWithTheTemplateArrivesFlaggedAsRetained() {
		this.mqtt.publish("status/order-desk", "open", 1, true).join();
		ReceivedMessage status = this.client.awaitMessage("status/order-desk", TIMEOUT);
		assertThat(status.payloadAsString()).isEqualTo("open");
		assertThat(status.retained()).isTrue();
		this.client.clearRetained("status/order-desk");
	}

	@Test
	void expectNoMessageFailsNamingTheMessageThatArrived() {
		this.client.subscribe("orders/+/confirmed");
		this.client.publish("orders/eu/placed", "{\"id\":\"o-4\",\"item\":\"tea\",\"quantity\":1}", 1, false);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.expectNoMessage("orders/+/confirmed", TIMEOUT))
			.withMessageStartingWith("Expected no message on a topic matching 'orders/+/confirmed' within 10000 ms, "
					+ "but 1 arrived:")
			.withMessageContaining("orders/eu/confirmed (qos 1, user properties {region=eu}): \"confirmed o-4\"");
	}

	@Test
	void awaitMessageFailsListingTheMessagesThatDidArrive() {
		this.client.subscribe("orders/#");
		this.client.publish("orders/eu/placed", "{\"id\":\"o-5\",\"item\":\"tea\",\"quantity\":1}", 1, false);
		this.client.awaitMessage("orders/eu/confirmed", TIMEOUT);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.client.awaitMessage("orders/+/shipped", Duration.ofMillis(300)))
			.withMessageStartingWith("Expected a message on a topic matching 'orders/+/shipped' within 300 ms, "
					+ "but none arrived. Subscribed to [orders/#]; "
					+ "all messages that arrived (2):")
			.withMessageContaining("orders/eu/placed (qos 1): \"{\"id\":\"o-5\"")
			.withMessageContaining("orders/eu/confirmed (qos 1, user properties {region=eu}): \"confirmed o-5\"");
	}

	@Test
	void mqtt311TestClientGetsTheConfirmationWithoutMqtt5UserProperties(@MqttServerUri String serverUri) {
		try (MqttTestClient mqtt311 = MqttTestClient.connect(serverUri, MqttVersion.MQTT_3_1_1)) {
			mqtt311.subscribe("orders/+/confirmed");
			mqtt311.publish("orders/uk/placed", "{\"id\":\"o-6\",\"item\":\"tea\",\"quantity\":3}", 2, false);
			ReceivedMessage confirmation = mqtt311.awaitMessage("orders/+/confirmed", TIMEOUT);
			assertThat(confirmation.payloadAsString()).isEqualTo("confirmed o-6");
			assertThat(confirmation.userProperties()).isEmpty();
		}
	}

	@Test
	void applicationIsConnectedToTheBrokerOfTheTestClass(@MqttServerUri String serverUri,
			@Autowired SharedMqttClient connection) {
		assertThat(serverUri).startsWith("tcp://127.0.0.1:");
		assertThat(connection.getCurrentServerUri()).isEqualTo(serverUri);
	}

}
