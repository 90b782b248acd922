package io.mqttspring.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedMqttBroker broker;

	@Test
	void readingsOfEveryDeviceArriveThroughTheEmbeddedBrokerAndAreServedOverHttp() {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode readings = get("/api/readings");
			assertThat(readings).hasSize(3);
			for (int i = 0; i < 3; i++) {
				JsonNode reading = readings.get(i);
				String deviceId = "device-" + (i + 1);
				assertThat(reading.get("telemetry").get("deviceId").asString()).isEqualTo(deviceId);
				assertThat(reading.get("topic").asString()).isEqualTo("sensors/" + deviceId + "/telemetry");
				assertThat(reading.get("telemetry").get("temperature").asDouble()).isBetween(18.0, 26.0);
			}
		});
		assertThat(this.broker.getServerUri()).startsWith("tcp://127.0.0.1:");
	}

	@Test
	void healthEndpointReportsUp() throws Exception {
		assertThat(get("/actuator/health").get("status").asString()).isEqualTo("UP");
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(5))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
