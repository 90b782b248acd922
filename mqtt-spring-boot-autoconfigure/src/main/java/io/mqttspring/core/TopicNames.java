package io.mqttspring.core;

import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * Validates the topic of a publish before any network I/O, with a message that says what
 * is wrong.
 */
final class TopicNames {

	private TopicNames() {
	}

	static void validate(String topic) {
		if (topic == null || topic.isEmpty()) {
			throw new IllegalArgumentException("the topic must not be empty");
		}
		for (int i = 0; i < topic.length(); i++) {
			char c = topic.charAt(i);
			if (c == '+' || c == '#') {
				throw new IllegalArgumentException("the topic contains the wildcard '" + c
						+ "', which only subscriptions may use; publish to a concrete topic");
			}
			if (c == '\u0000') {
				throw new IllegalArgumentException(
						"the topic contains the NUL character (U+0000) at index " + i + ", which MQTT forbids");
			}
			// Java's UTF-8 encoder would silently replace an unpaired surrogate with '?'
			if (Character.isHighSurrogate(c) && (i + 1 == topic.length() || !Character.isLowSurrogate(topic.charAt(i + 1)))
					|| Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(topic.charAt(i - 1)))) {
				throw new IllegalArgumentException(
						"the topic is not valid UTF-8: unpaired surrogate character at index " + i);
			}
		}
		// Length in UTF-8 bytes (at most 65,535) and the rest of MQTT's rules
		MqttTopicValidator.validate(topic, false, false);
	}

}
