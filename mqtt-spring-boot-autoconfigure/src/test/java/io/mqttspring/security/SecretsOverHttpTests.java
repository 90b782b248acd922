package io.mqttspring.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.mqttspring.testsupport.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT password in a running application, read over real HTTP from the actuator
 * endpoints that show configuration ({@code env}, {@code configprops}, set to show values)
 * and health details, and from the application's log output.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsOverHttpTests {

	private static final String PASSWORD = "Http-Secret-9Wv";

	private static final String WRONG_PASSWORD = "Wrong-Http-Secret-2Lp";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPasswords("app", PASSWORD);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void passwordIsMaskedByEnvAndConfigpropsEvenWhenTheyShowValues(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext application = start(PASSWORD)) {
			int port = port(application);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "UP".equals(json(get(port, "/actuator/health/mqtt")).get("status").asString()));

			String env = get(port, "/actuator/env").body();
			JsonNode commandLine = propertySource(JsonMapper.shared().readTree(env), "commandLineArgs");
			// Values are shown, so the user name is, but the password is not
			assertThat(commandLine.get("mqtt.username").get("value").asString()).isEqualTo("app");
			assertThat(commandLine.get("mqtt.password").get("value").asString()).isEqualTo("******");
			assertThat(env).doesNotContain(PASSWORD);

			String single = get(port, "/actuator/env/mqtt.password").body();
			assertThat(json(single).get("property").get("value").asString()).isEqualTo("******");
			assertThat(single).doesNotContain(PASSWORD);

			String configprops = get(port, "/actuator/configprops/mqtt").body();
			JsonNode mqttProperties = mqttPropertiesBean(JsonMapper.shared().readTree(configprops));
			assertThat(mqttProperties.get("properties").get("username").asString()).isEqualTo("app");
			assertThat(mqttProperties.get("properties").get("password").asString()).isEqualTo("******");
			assertThat(configprops).doesNotContain(PASSWORD);

			assertThat(get(port, "/actuator/health").body()).doesNotContain(PASSWORD);
			assertThat(output).contains("Connected to MQTT broker " + mosquitto.uri()).doesNotContain(PASSWORD);
		}
	}

	@Test
	void refusedPasswordAppearsNeitherInHealthDetailsNorInTheLog(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext application = start(WRONG_PASSWORD)) {
			int port = port(application);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> json(get(port, "/actuator/health/mqtt")).get("details").has("lastDisconnectReason"));
			HttpResponse<String> health = get(port, "/actuator/health/mqtt");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(json(health).get("details").get("lastDisconnectReason").asString())
				.isEqualTo("reason code 0x87 (Not authorized)");
			assertThat(health.body()).doesNotContain(WRONG_PASSWORD);
			assertThat(output).contains("Could not connect to MQTT broker [" + mosquitto.uri()
					+ "] as 'secured-app': reason code 0x87 (Not authorized)")
				.doesNotContain(WRONG_PASSWORD);
		}
	}

	private static ConfigurableApplicationContext start(String password) {
		return new SpringApplicationBuilder(SecuredApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--mqtt.server-uris=" + mosquitto.uri(),
				"--mqtt.client-id=secured-app", "--mqtt.username=app", "--mqtt.password=" + password,
				"--mqtt.reconnect.min-delay=100ms", "--mqtt.reconnect.max-delay=500ms",
				// Everything the application logs about its connection
				"--logging.level.io.mqttspring=debug",
				"--management.endpoints.web.exposure.include=health,env,configprops",
				"--management.endpoint.health.show-details=always", "--management.endpoint.env.show-values=always",
				"--management.endpoint.configprops.show-values=always");
	}

	private static int port(ConfigurableApplicationContext application) {
		return application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static JsonNode propertySource(JsonNode env, String name) {
		for (JsonNode source : env.get("propertySources")) {
			if (source.get("name").asString().equals(name)) {
				return source.get("properties");
			}
		}
		throw new AssertionError("No property source " + name + " in " + env);
	}

	private static JsonNode mqttPropertiesBean(JsonNode configprops) {
		for (JsonNode context : configprops.get("contexts")) {
			for (JsonNode bean : context.get("beans")) {
				if ("mqtt".equals(bean.get("prefix").asString())) {
					return bean;
				}
			}
		}
		throw new AssertionError("No mqtt configuration properties in " + configprops);
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	private static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
