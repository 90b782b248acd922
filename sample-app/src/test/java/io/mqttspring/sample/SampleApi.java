package io.mqttspring.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's HTTP API, called over real HTTP.
 */
final class SampleApi {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.shared();

	private final int port;

	SampleApi(int port) {
		this.port = port;
	}

	/**
	 * Wait until {@code GET /api/readings} serves a plausible reading of each of the
	 * three simulated devices.
	 */
	void awaitReadingsOfEveryDevice() {
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
	}

	JsonNode get(String path) throws Exception {
		HttpResponse<String> response = send(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	int statusCode(String path) throws Exception {
		return send(path).statusCode();
	}

	private HttpResponse<String> send(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
