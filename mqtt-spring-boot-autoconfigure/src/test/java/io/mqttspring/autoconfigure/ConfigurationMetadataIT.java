package io.mqttspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata in the built jar, which IDEs read for completion and
 * documentation. Runs after {@code package} (maven-failsafe-plugin), with the jar's path
 * in the {@code mqtt.autoconfigure.jar} system property.
 */
class ConfigurationMetadataIT {

	private static JsonNode metadata;

	@BeforeAll
	static void readMetadataFromTheBuiltJar() throws IOException {
		String jar = System.getProperty("mqtt.autoconfigure.jar");
		assertThat(jar).as("system property mqtt.autoconfigure.jar").isNotNull();
		try (JarFile jarFile = new JarFile(jar)) {
			JarEntry entry = jarFile.getJarEntry("META-INF/spring-configuration-metadata.json");
			assertThat(entry).as("configuration metadata in " + jar).isNotNull();
			try (InputStream content = jarFile.getInputStream(entry)) {
				metadata = JsonMapper.shared().readTree(content);
			}
		}
	}

	@Test
	void everyMqttPropertyHasADescription() {
		List<JsonNode> mqttProperties = properties().filter((property) -> name(property).startsWith("mqtt."))
			.toList();
		assertThat(mqttProperties).extracting(ConfigurationMetadataIT::name)
			.contains("mqtt.server-uris", "mqtt.reconnect.min-delay", "mqtt.template.default-qos",
					"mqtt.embedded.enabled");
		assertThat(mqttProperties).filteredOn((property) -> !StringUtils.hasText(description(property)))
			.extracting(ConfigurationMetadataIT::name)
			.as("mqtt.* properties without a description")
			.isEmpty();
	}

	@Test
	void defaultQosIsHintedWithTheThreeQosLevels() {
		assertThat(hintValues("mqtt.template.default-qos").map(JsonNode::asInt)).containsExactly(0, 1, 2);
	}

	@Test
	void serverUrisAreHintedWithEachSupportedScheme() {
		assertThat(hintValues("mqtt.server-uris").map((value) -> URI.create(value.asString()).getScheme()))
			.containsExactlyInAnyOrder("tcp", "ssl", "ws", "wss");
	}

	@Test
	void healthCheckSwitchIsDocumentedAsBooleanThatDefaultsToTrue() {
		JsonNode property = properties().filter((candidate) -> name(candidate).equals("management.health.mqtt.enabled"))
			.findFirst()
			.orElseThrow();
		assertThat(property.get("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(property.get("defaultValue").asBoolean()).isTrue();
		assertThat(description(property)).isEqualTo("Whether to enable MQTT health check.");
	}

	private static Stream<JsonNode> properties() {
		return stream(metadata.get("properties"));
	}

	private static Stream<JsonNode> hintValues(String name) {
		JsonNode hint = stream(metadata.get("hints")).filter((candidate) -> name(candidate).equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No hint for " + name));
		return stream(hint.get("values")).map((value) -> value.get("value"));
	}

	private static String name(JsonNode item) {
		return item.get("name").asString();
	}

	private static String description(JsonNode property) {
		JsonNode description = property.get("description");
		return (description != null) ? description.asString() : null;
	}

	private static Stream<JsonNode> stream(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false);
	}

}
