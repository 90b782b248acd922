package io.mqttspring.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Writes docs/configuration.md from Spring Boot configuration metadata: one table per
 * group, properties sorted by name. The output depends on the metadata alone (no dates,
 * no map ordering), so an unchanged build writes an identical page.
 */
final class ConfigurationReference {

	private static final Pattern PACKAGE_QUALIFIER = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

	private ConfigurationReference() {
	}

	/**
	 * The page for the given metadata.
	 * @param metadata the content of {@code META-INF/spring-configuration-metadata.json}
	 * @return the Markdown page
	 */
	static String markdown(JsonNode metadata) {
		Map<String, List<JsonNode>> groups = group(metadata);
		Map<String, List<String>> hints = hints(metadata);
		StringBuilder page = new StringBuilder();
		page.append("# Configuration properties\n\n");
		page.append("<!-- Generated from the configuration metadata by ConfigurationReference: do not edit.\n");
		page.append("     Regenerate with: ").append(DocumentationFiles.UPDATE_COMMAND).append(" -->\n\n");
		page.append("Every property of the starter, with the descriptions and suggested values your IDE shows: the\n");
		page.append("table of each group lists the property, its type, its default and what it does. Durations take\n");
		page.append("`ms`, `s`, `m`, `h` or `d` suffixes (`30s`); a `.*` property is a map\n");
		page.append("(`mqtt.websocket-headers.X-Api-Key: ...`).\n");
		page.append("The pages of the [reference guide](../README.md#documentation) explain how they work together.\n\n");
		groups.keySet().forEach((group) -> page.append("- [").append(heading(group)).append("](#")
			.append(anchor(heading(group))).append(")\n"));
		groups.forEach((group, properties) -> {
			page.append("\n## ").append(heading(group)).append("\n\n");
			page.append("| property | type | default | description |\n");
			page.append("|---|---|---|---|\n");
			properties.forEach((property) -> page.append(row(property, hints)));
		});
		return page.toString();
	}

	/**
	 * Each property under the longest metadata group its name starts with; a property in
	 * no group (such as one declared only in additional metadata) is grouped by its parent
	 * name. Groups without properties are left out.
	 */
	private static Map<String, List<JsonNode>> group(JsonNode metadata) {
		List<String> declaredGroups = new ArrayList<>();
		metadata.get("groups").forEach((group) -> declaredGroups.add(group.get("name").asString()));
		Map<String, List<JsonNode>> groups = new TreeMap<>(
				Comparator.comparing((String group) -> !isMqtt(group)).thenComparing(Comparator.naturalOrder()));
		metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			String group = declaredGroups.stream()
				.filter((candidate) -> name.startsWith(candidate + "."))
				.max(Comparator.comparingInt(String::length))
				.orElse(name.substring(0, Math.max(name.lastIndexOf('.'), 0)));
			groups.computeIfAbsent(group, (key) -> new ArrayList<>()).add(property);
		});
		groups.values().forEach((properties) -> properties.sort(Comparator.comparing(ConfigurationReference::name)));
		return groups;
	}

	private static Map<String, List<String>> hints(JsonNode metadata) {
		Map<String, List<String>> hints = new TreeMap<>();
		metadata.path("hints").forEach((hint) -> {
			List<String> values = new ArrayList<>();
			hint.path("values").forEach((value) -> values.add("`" + value.get("value").asString() + "`"));
			hints.put(hint.get("name").asString(), values);
		});
		return hints;
	}

	private static boolean isMqtt(String group) {
		return group.equals("mqtt") || group.startsWith("mqtt.");
	}

	private static String heading(String group) {
		return group.equals("mqtt") ? "`mqtt.*` (connection)" : "`" + group + ".*`";
	}

	/**
	 * The anchor GitHub gives a heading: lower case, punctuation other than hyphens
	 * dropped, spaces as hyphens.
	 */
	private static String anchor(String heading) {
		return heading.toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
	}

	private static String row(JsonNode property, Map<String, List<String>> hints) {
		String description = description(property);
		List<String> suggested = hints.get(property.get("name").asString());
		if (suggested != null && !suggested.isEmpty()) {
			description += " Suggested values: " + String.join(", ", suggested) + ".";
		}
		return "| `" + name(property) + "` | " + type(property) + " | " + defaultValue(property) + " | "
				+ description.strip() + " |\n";
	}

	private static String name(JsonNode property) {
		String name = property.get("name").asString();
		return isMap(property) ? name + ".*" : name;
	}

	private static boolean isMap(JsonNode property) {
		return property.has("type") && property.get("type").asString().startsWith("java.util.Map<");
	}

	private static String type(JsonNode property) {
		if (!property.has("type")) {
			return "";
		}
		String type = PACKAGE_QUALIFIER.matcher(property.get("type").asString()).replaceAll("").replace('$', '.');
		return "`" + type.replace(",", ", ") + "`";
	}

	private static String defaultValue(JsonNode property) {
		JsonNode value = property.get("defaultValue");
		if (value == null || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add("`" + element.asString() + "`"));
			return String.join(", ", elements);
		}
		String text = value.asString();
		return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
	}

	private static String description(JsonNode property) {
		String description = property.has("description") ? cell(property.get("description").asString()) : "";
		if (!property.path("deprecated").asBoolean(false) && !property.has("deprecation")) {
			return description;
		}
		JsonNode deprecation = property.path("deprecation");
		StringBuilder text = new StringBuilder("**Deprecated**");
		if (deprecation.hasNonNull("replacement")) {
			text.append(": use `").append(deprecation.get("replacement").asString()).append("` instead");
		}
		text.append('.');
		if (deprecation.hasNonNull("reason")) {
			text.append(' ').append(cell(deprecation.get("reason").asString()));
		}
		return description.isEmpty() ? text.toString() : text + " " + description;
	}

	private static String cell(String text) {
		return text.lines().map(String::strip).collect(Collectors.joining(" ")).replace("|", "\\|");
	}

}
