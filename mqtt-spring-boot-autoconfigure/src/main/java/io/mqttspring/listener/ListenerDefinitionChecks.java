package io.mqttspring.listener;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.core.TopicTemplate;

/**
 * The checks of an {@link MqttListenerEndpoint} made before its container exists, so that
 * a listener that cannot work stops the application at start-up with a
 * {@link MqttListenerDefinitionException} that says what to change.
 */
final class ListenerDefinitionChecks {

	private ListenerDefinitionChecks() {
	}

	/**
	 * The endpoint's topics, parsed.
	 * @param endpoint the endpoint
	 * @return its topic templates
	 * @throws MqttListenerDefinitionException when it has none or one is not a valid filter
	 */
	static List<TopicTemplate> topics(MqttListenerEndpoint endpoint) {
		if (endpoint.topics().isEmpty()) {
			throw invalid(endpoint, "needs at least one topic", "Name the topics to subscribe to with "
					+ "@MqttListener(topics = ...)");
		}
		List<TopicTemplate> templates = new ArrayList<>();
		for (String topic : endpoint.topics()) {
			try {
				templates.add(TopicTemplate.parse(topic));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(endpoint, "has an invalid topic filter '" + topic + "': " + ex.getMessage(),
						"Correct the filter in @MqttListener(topics), or the property its placeholder names: '+' "
								+ "and '#' stand for whole levels, '#' only for the last one, and a {name} variable "
								+ "is a whole level");
			}
		}
		return templates;
	}

	/**
	 * Check the endpoint's settings against its method and the connection it listens on.
	 * @param endpoint the endpoint
	 * @param topics its topics
	 * @param client the connection's client
	 * @throws MqttListenerDefinitionException naming the first problem and what to change
	 */
	static void check(MqttListenerEndpoint endpoint, List<TopicTemplate> topics, SharedMqttClient client) {
		if (endpoint.qos() < 0 || endpoint.qos() > 2) {
			throw invalid(endpoint, "has qos " + endpoint.qos() + "; it must be 0, 1 or 2",
					"Set qos to 0, 1 or 2 in @MqttListener");
		}
		if (endpoint.concurrency() < 1) {
			throw invalid(endpoint, "has concurrency " + endpoint.concurrency() + "; it must be at least 1",
					"Set concurrency to 1 or more in @MqttListener");
		}
		if (endpoint.group() != null && !endpoint.group().matches("[^/+#]+")) {
			throw invalid(endpoint, "has group '" + endpoint.group() + "'; a group name must not contain '/', '+' or "
					+ "'#'", "Choose a group name without '/', '+' and '#'");
		}
		boolean acknowledgmentParameter = false;
		for (Parameter parameter : endpoint.method().getParameters()) {
			acknowledgmentParameter |= MqttAcknowledgment.class.isAssignableFrom(parameter.getType());
			TopicVariable variable = parameter.getAnnotation(TopicVariable.class);
			if (variable != null) {
				for (TopicTemplate topic : topics) {
					if (!topic.hasVariable(variable.value())) {
						throw invalid(endpoint, "binds @TopicVariable(\"" + variable.value() + "\") but topic '"
								+ topic.template() + "' has no {" + variable.value() + "} level",
								"Add a {" + variable.value() + "} level to every topic of the listener, or bind a "
										+ "variable that every topic has");
					}
				}
			}
		}
		MqttProtocolVersion version = client.getProtocolVersion();
		if ("".equals(endpoint.replyTopic()) && !version.isMqtt5()) {
			throw invalid(endpoint, "has @SendTo without a topic, which replies to the request's response topic, but "
					+ "the connection speaks " + version + " (mqtt.protocol-version=" + version.value()
					+ "), whose messages have none", "Give @SendTo a topic, or use MQTT 5 (mqtt.protocol-version=5)");
		}
		if (endpoint.ackMode() == AckMode.MANUAL) {
			if (endpoint.qos() == 2 && !client.getTransport().completesQos2OnAcknowledge()) {
				throw invalid(endpoint, "has ackMode MANUAL with qos 2, which cannot work on " + version + " with "
						+ "Paho: the MQTT client acknowledges receipt of a QoS 2 message (PUBREC) before the listener "
						+ "runs, and completes it, so a withheld acknowledgment would never make the broker deliver it "
						+ "again", "Use qos = 1, or MQTT 3.1.1 (mqtt.protocol-version=3.1.1), where the "
								+ "acknowledgment completes QoS 2 deliveries");
			}
			if (!acknowledgmentParameter) {
				throw invalid(endpoint, "has ackMode MANUAL but no MqttAcknowledgment parameter to acknowledge with",
						"Add an MqttAcknowledgment parameter and call its acknowledge(), or use ackMode = "
								+ "AckMode.AUTO");
			}
		}
		else if (acknowledgmentParameter) {
			throw invalid(endpoint, "takes an MqttAcknowledgment parameter, which needs ackMode = AckMode.MANUAL",
					"Set ackMode = AckMode.MANUAL, or remove the parameter");
		}
	}

	private static MqttListenerDefinitionException invalid(MqttListenerEndpoint endpoint, String problem,
			String action) {
		return new MqttListenerDefinitionException(endpoint.describe() + " " + problem, action);
	}

}
