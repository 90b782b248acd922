package io.mqttspring.test.docs;

import java.time.Duration;

import io.mqttspring.test.EmbeddedMqttBroker;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EmbeddedMqttBroker} in a plain JUnit Jupiter test class, without Spring, for
 * docs/testing.md: the annotation alone starts a broker for the class, and
 * {@code @MqttServerUri} tells the test where it listens.
 */
// tag::embedded-broker[]
@EmbeddedMqttBroker
class DeviceCommandsTests {

	@Test
	void commandPublishedForADeviceArrivesAtTheDevice(@MqttServerUri String serverUri) {
		try (MqttTestClient backend = MqttTestClient.connect(serverUri);
				MqttTestClient device = MqttTestClient.connect(serverUri)) {
			device.subscribe("devices/dev-1/commands");
			backend.publish("devices/dev-1/commands", "reboot", 1, false);

			ReceivedMessage command = device.awaitMessage("devices/dev-1/commands", Duration.ofSeconds(10));
			assertThat(command.payloadAsString()).isEqualTo("reboot");
		}
	}

}
// end::embedded-broker[]
