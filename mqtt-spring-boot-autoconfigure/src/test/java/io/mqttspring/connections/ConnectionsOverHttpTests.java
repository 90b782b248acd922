package io.mqttspring.connections;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with two connections, read and steered over real HTTP: the {@code mqtt}
 * health contributor with one entry per connection, and the {@code mqtt} actuator
 * endpoint listing connections and listeners and stopping and starting a listener.
 */
class ConnectionsOverHttpTests {

	private static final String PASSWORD = "Endpoint-Secret-5";

	@RegisterExtension
	static final MosquittoBroker cloud = new MosquittoBroker();

	@RegisterExtension
	static final MosquittoBroker edge = new MosquittoBroker();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ConfigurableApplicationContext application;

	private int port;

	@BeforeEach
	void startApplication() {
		this.application = new SpringApplicationBuilder(TwoConnections.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--mqtt.server-uris=" + cloud.uri(), "--mqtt.client-id=cloud-app",
				"--mqtt.password=" + PASSWORD, "--mqtt.username=app",
				"--mqtt.connections.edge.server-uris=" + edge.uri(), "--mqtt.connections.edge.client-id=edge-app",
				"--mqtt.connections.edge.protocol-version=3.1.1", "--mqtt.connections.edge.password=" + PASSWORD,
				"--mqtt.connections.edge.reconnect.min-delay=100ms",
				"--mqtt.connections.edge.reconnect.max-delay=500ms",
				"--management.endpoints.web.exposure.include=health,mqtt",
				"--management.endpoint.health.show-details=always");
		this.port = this.application.getEnvironment().getProperty("local.server.port", Integer.class);
	}

	@AfterEach
	void stopApplication() {
		this.application.close();
		edge.start();
	}

	@Test
	void healthHasOneEntryPerConnectionAndOnlyTheLostOneGoesDown() throws Exception {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			JsonNode health = json(get("/actuator/health/mqtt"));
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("components").get("default").get("status").asString()).isEqualTo("UP");
			assertThat(health.get("components").get("edge").get("details").get("clientId").asString())
				.isEqualTo("edge-app");
		});
		edge.kill();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			HttpResponse<String> response = get("/actuator/health/mqtt");
			assertThat(response.statusCode()).isEqualTo(503);
			JsonNode health = json(response);
			assertThat(health.get("components").get("edge").get("status").asString()).isEqualTo("DOWN");
			assertThat(health.get("components").get("default").get("status").asString()).isEqualTo("UP");
		});
		assertThat(json(get("/actuator/health/mqtt/edge")).get("details").get("state").asString())
			.isEqualTo("RECONNECTING");
	}

	@Test
	void theEndpointListsConnectionsAndListenersAndStopsAndStartsAListener() throws Exception {
		SharedMqttClient cloudClient = this.application.getBean(SharedMqttClient.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> cloudClient.isSubscribed("orders/+"));
		HttpResponse<String> response = get("/actuator/mqtt");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(PASSWORD);
		JsonNode mqtt = json(response);
		assertThat(mqtt.get("connections")).hasSize(2);
		JsonNode edgeConnection = mqtt.get("connections").get(1);
		assertThat(edgeConnection.get("name").asString()).isEqualTo("edge");
		assertThat(edgeConnection.get("protocolVersion").asString()).isEqualTo("3.1.1");
		assertThat(edgeConnection.get("serverUri").asString()).isEqualTo(edge.uri());
		JsonNode orders = mqtt.get("listeners").get(0);
		assertThat(orders.get("id").asString()).isEqualTo("orders");
		assertThat(orders.get("connection").asString()).isEqualTo("default");
		assertThat(orders.get("topicFilters").get(0).asString()).isEqualTo("orders/+");
		assertThat(orders.get("running").asBoolean()).isTrue();
		assertThat(mqtt.get("listeners").get(1).get("connection").asString()).isEqualTo("edge");

		MqttTemplate template = this.application.getBean(MqttTemplate.class);
		assertThat(template.publish("orders/1", "first").get(10, TimeUnit.SECONDS).noMatchingSubscribers()).isFalse();
		Orders listener = this.application.getBean(Orders.class);
		assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(json(get("/actuator/mqtt")).get("listeners").get(0).get("messagesHandled")
				.asLong()).isEqualTo(1));

		HttpResponse<String> stopped = post("/actuator/mqtt/listeners/orders", "{\"running\": false}");
		assertThat(stopped.statusCode()).isEqualTo(200);
		assertThat(json(stopped).get("running").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			MqttPublishResult result = template.publish("orders/2", "nobody").get(10, TimeUnit.SECONDS);
			assertThat(result.noMatchingSubscribers()).as("reason code 0x10").isTrue();
		});

		assertThat(post("/actuator/mqtt/listeners/orders", "{\"running\": true}").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> cloudClient.isSubscribed("orders/+"));
		MosquittoClients.publish(cloud.port(), "orders/3", "again", 1);
		assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("again");

		assertThat(post("/actuator/mqtt/listeners/unknown", "{\"running\": false}").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TwoConnections {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(id = "orders", topics = "orders/+")
		void onOrder(String order) {
			this.received.add(order);
		}

		@MqttListener(id = "site", topics = "site/+", connection = "edge")
		void onSite(String site) {
		}

	}

}
