package io.mqttspring.sample;

import java.time.Duration;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application as a user runs it: embedded broker, simulated fleet, listener and
 * REST endpoint, called over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mqtt.embedded.port=0", "sample.fleet.interval=200ms" })
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedMqttBroker broker;

	private SampleApi api;

	@BeforeEach
	void createApi() {
		this.api = new SampleApi(this.port);
	}

	@Test
	void readingsOfEveryDeviceArriveThroughTheEmbeddedBrokerAndAreServedOverHttp() {
		this.api.awaitReadingsOfEveryDevice();
		assertThat(this.broker.getServerUri()).startsWith("tcp://127.0.0.1:");
	}

	@Test
	void healthEndpointReportsMqttConnectionUpWithDetails() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode health = this.api.get("/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			JsonNode mqtt = health.get("components").get("mqtt");
			assertThat(mqtt.get("status").asString()).isEqualTo("UP");
			assertThat(mqtt.get("details").get("state").asString()).isEqualTo("CONNECTED");
			assertThat(mqtt.get("details").get("serverUri").asString()).isEqualTo(this.broker.getServerUri());
			assertThat(mqtt.get("details").get("clientId").asString()).startsWith("sample-app-");
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

}
