package io.mqttspring.docs;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ConfigurationReference} turns configuration metadata into tables.
 */
class ConfigurationReferenceTests {

	@Test
	void propertyIsListedUnderTheLongestGroupItsNameStartsWithAndGroupsOfMqttComeFirst() {
		String page = ConfigurationReference.markdown(metadata("""
				{
				  "groups": [ { "name": "mqtt" }, { "name": "mqtt.template" }, { "name": "mqtt.template.buffer" } ],
				  "properties": [
				    { "name": "mqtt.template.buffer.max-messages", "type": "java.lang.Integer", "defaultValue": 10 },
				    { "name": "mqtt.template.default-qos", "type": "java.lang.Integer", "defaultValue": 1 },
				    { "name": "mqtt.client-id", "type": "java.lang.String" },
				    { "name": "management.health.mqtt.enabled", "type": "java.lang.Boolean", "defaultValue": true }
				  ]
				}
				"""));
		assertThat(page).containsSubsequence("## `mqtt.*` (connection)", "`mqtt.client-id`",
				"## `mqtt.template.*`", "`mqtt.template.default-qos`", "## `mqtt.template.buffer.*`",
				"`mqtt.template.buffer.max-messages`", "## `management.health.mqtt.*`",
				"`management.health.mqtt.enabled`");
		assertThat(page).contains("- [`mqtt.template.buffer.*`](#mqtttemplatebuffer)");
	}

	@Test
	void rowShowsTypeWithoutPackagesDefaultAndDescriptionWithEscapedPipes() {
		String page = ConfigurationReference.markdown(metadata("""
				{
				  "groups": [ { "name": "mqtt" } ],
				  "properties": [
				    { "name": "mqtt.server-uris", "type": "java.util.List<java.lang.String>",
				      "defaultValue": [ "tcp://a:1883", "tcp://b:1883" ], "description": "Brokers | in order." },
				    { "name": "mqtt.websocket-headers", "type": "java.util.Map<java.lang.String,java.lang.String>",
				      "description": "Headers." }
				  ]
				}
				"""));
		assertThat(page).contains(
				"| `mqtt.server-uris` | `List<String>` | `tcp://a:1883`, `tcp://b:1883` | Brokers \\| in order. |",
				"| `mqtt.websocket-headers.*` | `Map<String, String>` |  | Headers. |");
	}

	@Test
	void hintedValuesAreSuggestedAfterTheDescription() {
		String page = ConfigurationReference.markdown(metadata("""
				{
				  "groups": [ { "name": "mqtt.template" } ],
				  "properties": [
				    { "name": "mqtt.template.default-qos", "type": "java.lang.Integer", "description": "QoS." }
				  ],
				  "hints": [
				    { "name": "mqtt.template.default-qos", "values": [ { "value": 0 }, { "value": 1 }, { "value": 2 } ] }
				  ]
				}
				"""));
		assertThat(page).contains("| QoS. Suggested values: `0`, `1`, `2`. |");
	}

	@Test
	void deprecatedPropertyIsMarkedWithItsReplacementAndReason() {
		String page = ConfigurationReference.markdown(metadata("""
				{
				  "groups": [ { "name": "mqtt.template" } ],
				  "properties": [
				    { "name": "mqtt.template.offline-buffer.max-messages", "type": "java.lang.Integer",
				      "description": "Most publishes held.", "deprecated": true,
				      "deprecation": { "replacement": "mqtt.template.buffer.max-messages", "reason": "One buffer." } }
				  ]
				}
				"""));
		assertThat(page).contains("| **Deprecated**: use `mqtt.template.buffer.max-messages` instead. One buffer."
				+ " Most publishes held. |");
	}

	@Test
	void sameMetadataGivesTheSamePageWhateverTheOrderOfItsEntries() {
		String page = ConfigurationReference.markdown(metadata("""
				{ "groups": [ { "name": "mqtt" }, { "name": "mqtt.will" } ],
				  "properties": [ { "name": "mqtt.will.topic" }, { "name": "mqtt.keep-alive" } ] }
				"""));
		String reordered = ConfigurationReference.markdown(metadata("""
				{ "groups": [ { "name": "mqtt.will" }, { "name": "mqtt" } ],
				  "properties": [ { "name": "mqtt.keep-alive" }, { "name": "mqtt.will.topic" } ] }
				"""));
		assertThat(reordered).isEqualTo(page);
	}

	private static JsonNode metadata(String json) {
		return JsonMapper.shared().readTree(json);
	}

}
