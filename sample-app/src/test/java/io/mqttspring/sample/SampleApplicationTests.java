package io.mqttspring.sample;

import java.time.Duration;
import java.util.List;

import io.mqttspring.test.EmbeddedMqttBroker;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its simulated fleet, listeners and REST endpoints, called
 * over real HTTP, against the test's embedded broker; a test client watches the wire. A
 * command for a device that does not answer is tried {@code sample.commands.attempts}
 * times and then parked on the dead-letter topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.fleet.interval=200ms", "mqtt.listener.retry.initial-interval=100ms",
				"sample.commands.attempts=2" })
@EmbeddedMqttBroker
class SampleApplicationTests {

	@LocalServerPort
	int port;

	private SampleApi api;

	@BeforeEach
	void createApi() {
		this.api = new SampleApi(this.port);
	}

	@Test
	void readingsOfEveryDeviceArriveThroughTheBrokerAndAreServedOverHttp() {
		this.api.awaitReadingsOfEveryDevice();
	}

	@Test
	void theStatusOfADeviceIsReadFromItsRetainedTopicOnDemand() throws Exception {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode status = this.api.get("/api/devices/device-2/status");
			assertThat(status.get("deviceId").asString()).isEqualTo("device-2");
			assertThat(status.get("state").asString()).isEqualTo("online");
			assertThat(status.get("firmware").asString()).isEqualTo("1.4.2");
		});
	}

	@Test
	void aDeviceThatNeverReportedAStatusIsNotFound() throws Exception {
		assertThat(this.api.statusCode("/api/devices/device-99/status")).isEqualTo(404);
	}

	@Test
	void telemetryIsPublishedAsJsonOnTheTopicOfEachDevice(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			List<ReceivedMessage> messages = client.awaitMessages("sensors/+/telemetry", 6, Duration.ofSeconds(10));
			assertThat(messages).allSatisfy((message) -> {
				Telemetry telemetry = JsonMapper.shared().readValue(message.payload(), Telemetry.class);
				assertThat(message.topic()).isEqualTo("sensors/" + telemetry.deviceId() + "/telemetry");
				assertThat(message.qos()).isEqualTo(1);
			});
			assertThat(messages).extracting(ReceivedMessage::topic)
				.contains("sensors/device-1/telemetry", "sensors/device-2/telemetry", "sensors/device-3/telemetry");
		}
	}

	@Test
	void healthEndpointReportsMqttConnectionUpWithDetails(@MqttServerUri String serverUri) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode health = this.api.get("/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			JsonNode mqtt = health.get("components").get("mqtt");
			assertThat(mqtt.get("status").asString()).isEqualTo("UP");
			assertThat(mqtt.get("details").get("state").asString()).isEqualTo("CONNECTED");
			assertThat(mqtt.get("details").get("serverUri").asString()).isEqualTo(serverUri);
			assertThat(mqtt.get("details").get("clientId").asString()).startsWith("sample-app-");
		});
	}

	@Test
	void mqttEndpointShowsTheConnectionAndBothListenersRunning() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode mqtt = this.api.get("/actuator/mqtt");
			JsonNode connection = mqtt.get("connections").get(0);
			assertThat(connection.get("name").asString()).isEqualTo("default");
			assertThat(connection.get("state").asString()).isEqualTo("CONNECTED");
			assertThat(mqtt.get("listeners").valueStream().map((listener) -> listener.get("id").asString()
					+ (listener.get("running").asBoolean() ? " running" : " stopped")))
				.containsExactlyInAnyOrder("telemetry running", "commands running");
		});
	}

	@Test
	void listenerAndPublishTimersAreExposedAsMetrics() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode listener = this.api.get("/actuator/metrics/mqtt.listener?tag=listener:telemetry&tag=result:success");
			assertThat(listener.get("measurements").get(0).get("value").asDouble()).isPositive();
			JsonNode publish = this.api.get("/actuator/metrics/mqtt.publish?tag=result:success");
			assertThat(publish.get("measurements").get(0).get("value").asDouble()).isPositive();
		});
	}

	@Test
	void commandForAFleetDeviceIsTakenAndServedOverHttp(@MqttServerUri String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.publish("devices/device-2/commands", "reboot", 1, false);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode commands = this.api.get("/api/commands");
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
