package io.mqttspring.test.docs.orders;

// The region starts at the imports: they tell the reader of docs/testing.md where each
// type of the test comes from.
// tag::order-desk-tests[]
import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.test.EmbeddedMqttBroker;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link OrderDesk} against a broker of its own, with a test client on the other side of
 * the wire.
 */
@SpringBootTest
@EmbeddedMqttBroker
class OrderDeskTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
	void validOrderIsConfirmed() {
		this.client.subscribe("orders/+/confirmed");
		this.client.publish("orders/eu/placed", "{\"id\":\"o-1\",\"item\":\"tea\",\"quantity\":2}", 1, false);

		ReceivedMessage confirmation = this.client.awaitMessage("orders/+/confirmed", TIMEOUT);
		assertThat(confirmation.topic()).isEqualTo("orders/eu/confirmed");
		assertThat(confirmation.payloadAsString()).isEqualTo("confirmed o-1");
		assertThat(confirmation.userProperties()).containsEntry("region", "eu");
	}

	@Test
	void orderWithoutQuantityIsNotConfirmed() {
		this.client.subscribe("orders/+/confirmed");
		this.client.publish("orders/eu/placed", "{\"id\":\"o-2\",\"item\":\"tea\",\"quantity\":0}", 1, false);

		this.client.expectNoMessage("orders/+/confirmed", Duration.ofMillis(500));
	}

}
// end::order-desk-tests[]
