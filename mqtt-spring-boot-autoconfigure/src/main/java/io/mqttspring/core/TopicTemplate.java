package io.mqttspring.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.connection.transport.MqttTopics;

/**
 * A listener topic whose levels may be variables: {@code sensors/{deviceId}/telemetry}
 * subscribes {@code sensors/+/telemetry} and binds the second level to {@code deviceId}.
 */
public final class TopicTemplate {

	/** The header with the values of the topic variables, as a {@code Map<String, String>}. */
	public static final String VARIABLES_HEADER = "mqtt_topicVariables";

	private static final Pattern VARIABLE = Pattern.compile("\\{([^/{}]+)}");

	private final String template;

	private final String filter;

	// Variable name to level index
	private final Map<String, Integer> variables;

	private TopicTemplate(String template, String filter, Map<String, Integer> variables) {
		this.template = template;
		this.filter = filter;
		this.variables = variables;
	}

	/**
	 * Parse and validate a topic template.
	 * @param template the topic as written in {@code @MqttListener}
	 * @return the template
	 * @throws IllegalArgumentException with the reason the template is not valid
	 */
	public static TopicTemplate parse(String template) {
		if (template == null || template.isEmpty()) {
			throw new IllegalArgumentException("topic filter must not be empty");
		}
		String[] levels = template.split("/", -1);
		Map<String, Integer> variables = new LinkedHashMap<>();
		for (int i = 0; i < levels.length; i++) {
			Matcher matcher = VARIABLE.matcher(levels[i]);
			if (matcher.matches()) {
				if (variables.put(matcher.group(1), i) != null) {
					throw new IllegalArgumentException("variable {" + matcher.group(1) + "} appears twice");
				}
				levels[i] = "+";
			}
			else if (levels[i].contains("{") || levels[i].contains("}")) {
				throw new IllegalArgumentException(
						"a variable must be a whole level, like 'sensors/{deviceId}/telemetry', not '" + levels[i] + "'");
			}
		}
		String filter = String.join("/", levels);
		MqttTopics.validateTopicFilter(filter);
		return new TopicTemplate(template, filter, Collections.unmodifiableMap(variables));
	}

	public String template() {
		return this.template;
	}

	/**
	 * The topic filter to subscribe to, with {@code +} in place of the variables.
	 * @return the filter
	 */
	public String filter() {
		return this.filter;
	}

	public boolean hasVariable(String name) {
		return this.variables.containsKey(name);
	}

	public boolean hasVariables() {
		return !this.variables.isEmpty();
	}

	public boolean matches(String topic) {
		return MqttTopics.matches(this.filter, topic);
	}

	/**
	 * Extract the variables' values from a topic that matches this template.
	 * @param topic a concrete topic
	 * @return the values by variable name
	 */
	public Map<String, String> extract(String topic) {
		String[] levels = topic.split("/", -1);
		Map<String, String> values = new LinkedHashMap<>();
		this.variables.forEach((name, index) -> values.put(name, levels[index]));
		return values;
	}

}
