package io.mqttspring.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.MosquittoBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code mqtt} health contributor and the connection meters, read over real HTTP from
 * a running application while its broker is killed and restarted.
 */
class HealthAndMetricsOverHttpTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ConfigurableApplicationContext application;

	private int port;

	@BeforeEach
	void startApplication() {
		this.application = new SpringApplicationBuilder(ObservedApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--mqtt.server-uris=" + mosquitto.uri(), "--mqtt.client-id=observed-app",
				"--mqtt.reconnect.min-delay=100ms", "--mqtt.reconnect.max-delay=500ms",
				"--management.endpoints.web.exposure.include=health,metrics",
				"--management.endpoint.health.show-details=always");
		this.port = this.application.getEnvironment().getProperty("local.server.port", Integer.class);
	}

	@AfterEach
	void stopApplication() {
		this.application.close();
		mosquitto.start();
	}

	@Test
	void healthIsUpWithDetailsThenDownWhenBrokerIsKilledThenUpWithReconnectCountedWhenItReturns() throws Exception {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> response = get("/actuator/health/mqtt");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode health = json(response);
			assertThat(health.get("status").asString()).isEqualTo("UP");
			JsonNode details = health.get("details");
			assertThat(details.get("state").asString()).isEqualTo("CONNECTED");
			assertThat(details.get("serverUri").asString()).isEqualTo(mosquitto.uri());
			assertThat(details.get("clientId").asString()).isEqualTo("observed-app");
			assertThat(details.get("reconnects").asLong()).isZero();
			assertThat(details.get("sessionPresent").asBoolean()).isFalse();
			assertThat(details.has("lastDisconnectReason")).isFalse();
		});

		mosquitto.kill();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> response = get("/actuator/health/mqtt");
			assertThat(response.statusCode()).isEqualTo(503);
			JsonNode health = json(response);
			assertThat(health.get("status").asString()).isEqualTo("DOWN");
			assertThat(health.get("details").get("state").asString()).isEqualTo("RECONNECTING");
			// The lost connection, or the first reconnect attempt refused by the dead port
			assertThat(health.get("details").get("lastDisconnectReason").asString()).containsAnyOf("Connection lost",
					"Connection refused");
		});
		assertThat(json(get("/actuator/health")).get("status").asString()).isEqualTo("DOWN");
		assertThat(metric("mqtt.client.connected")).isZero();

		mosquitto.start();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode health = json(get("/actuator/health/mqtt"));
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("details").get("reconnects").asLong()).isEqualTo(1);
		});
		assertThat(metric("mqtt.client.reconnects")).isEqualTo(1.0);
		assertThat(metric("mqtt.client.connection.lost")).isEqualTo(1.0);
		assertThat(metric("mqtt.client.connected")).isEqualTo(1.0);
		assertThat(metric("mqtt.publish.inflight")).isZero();
	}

	@Test
	void publishesWaitingForTheBrokerShowInHealthAndMetricsAndTimeOutsAreCountedByReason() throws Exception {
		MqttTemplate template = this.application.getBean(MqttTemplate.class);
		SharedMqttClient client = this.application.getBean(SharedMqttClient.class);
		await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
		mosquitto.kill();
		await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
		List<CompletableFuture<MqttPublishResult>> waiting = List.of(template.publish("observed/buffered", "one"),
				template.publish("observed/buffered", "two"));
		CompletableFuture<PublishAck> timingOut = client
			.publish(new OutboundPublish("observed/late", new byte[10], 1, false), Duration.ofMillis(100));
		assertThat(timingOut).failsWithin(Duration.ofSeconds(5));
		JsonNode details = json(get("/actuator/health/mqtt")).get("details");
		assertThat(details.get("bufferedPublishes").asInt()).isEqualTo(2);
		assertThat(details.get("bufferedBytes").asLong()).isEqualTo(2 * "observed/buffered".length() + 6);
		assertThat(details.get("inFlightPublishes").asInt()).isZero();
		assertThat(metric("mqtt.publish.buffered")).isEqualTo(2.0);
		assertThat(metric("mqtt.publish.buffered.bytes")).isEqualTo(2 * "observed/buffered".length() + 6);
		assertThat(metric("mqtt.publish.rejected?tag=reason:timeout")).isEqualTo(1.0);
		assertThat(metric("mqtt.publish.rejected?tag=reason:buffer-full")).isZero();
		assertThat(metric("mqtt.publish.rejected?tag=reason:stopping")).isZero();

		mosquitto.start();
		CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(metric("mqtt.publish.buffered")).isZero();
		assertThat(json(get("/actuator/health/mqtt")).get("details").get("bufferedPublishes").asInt()).isZero();
	}

	private double metric(String name) throws Exception {
		HttpResponse<String> response = get("/actuator/metrics/" + name);
		assertThat(response.statusCode()).as(name).isEqualTo(200);
		return json(response).get("measurements").get(0).get("value").asDouble();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
