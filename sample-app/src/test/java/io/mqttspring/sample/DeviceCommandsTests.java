package io.mqttspring.sample;

import java.time.Duration;

import io.mqttspring.test.EmbeddedMqttBroker;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's command listener against the test's embedded broker: a command for a device
 * of the fleet is taken, one for a device that does not answer is tried
 * {@code sample.commands.attempts} times and then parked on the dead-letter topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mqtt.listener.retry.initial-interval=100ms", "sample.commands.attempts=2" })
@EmbeddedMqttBroker
class DeviceCommandsTests {

	@LocalServerPort
	int port;

	@Test
	void commandForAFleetDeviceIsTakenAndServedOverHttp(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.publish("devices/device-2/commands", "reboot", 1, false);
			SampleApi api = new SampleApi(this.port);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode commands = api.get("/api/commands");
				assertThat(commands.get("device-2").asString()).isEqualTo("reboot");
			});
		}
	}

	@Test
	void commandForADeviceThatDoesNotAnswerIsParkedOnTheDeadLetterTopicAfterItsAttempts(
			@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.subscribe("dead-letter/#");
			client.publish("devices/device-9/commands", "reboot", 1, false);
			ReceivedMessage deadLetter = client.awaitMessage("dead-letter/#", Duration.ofSeconds(10));
			assertThat(deadLetter.topic()).isEqualTo("dead-letter/devices/device-9/commands");
			assertThat(deadLetter.payloadAsString()).isEqualTo("reboot");
			assertThat(deadLetter.userProperties()).containsEntry("x-original-topic", "devices/device-9/commands")
				.containsEntry("x-listener-id", "commands")
				.containsEntry("x-exception-class", IllegalStateException.class.getName())
				.containsEntry("x-exception-message", "Device 'device-9' does not answer")
				.containsEntry("x-attempts", "2");
		}
	}

}
