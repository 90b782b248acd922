package io.mqttspring.connection.transport;

import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * MQTT's rules for topic names and filters, for every layer and transport: Paho's
 * validator, with the checks it lacks (NUL, unpaired surrogates, wildcards named in the
 * message) added here, and messages that say what is wrong.
 */
public final class MqttTopics {

	/** The prefix of a shared subscription: {@code $share/<group>/<filter>}. */
	public static final String SHARED_SUBSCRIPTION_PREFIX = "$share/";

	private MqttTopics() {
	}

	/**
	 * Check a topic name to publish to.
	 * @param topic the topic name
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static void validateTopicName(String topic) {
		if (topic == null || topic.isEmpty()) {
			throw new IllegalArgumentException("the topic must not be empty");
		}
		for (int i = 0; i < topic.length(); i++) {
			char c = topic.charAt(i);
			if (c == '+' || c == '#') {
				throw new IllegalArgumentException("the topic contains the wildcard '" + c
						+ "', which only subscriptions may use; publish to a concrete topic");
			}
			checkCharacter(topic, i, "topic");
		}
		// Length in UTF-8 bytes (at most 65,535) and the rest of MQTT's rules
		MqttTopicValidator.validate(topic, false, false);
	}

	/**
	 * Check a topic filter to subscribe to, optionally a shared subscription.
	 * @param topicFilter the topic filter
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static void validateTopicFilter(String topicFilter) {
		if (topicFilter == null || topicFilter.isEmpty()) {
			throw new IllegalArgumentException("Topic filter must not be empty");
		}
		try {
			for (int i = 0; i < topicFilter.length(); i++) {
				checkCharacter(topicFilter, i, "topic filter");
			}
			MqttTopicValidator.validate(topicFilter, true, true);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid topic filter '" + topicFilter + "': " + ex.getMessage(), ex);
		}
		if (topicFilter.startsWith(SHARED_SUBSCRIPTION_PREFIX)) {
			int end = topicFilter.indexOf('/', SHARED_SUBSCRIPTION_PREFIX.length());
			if (end <= SHARED_SUBSCRIPTION_PREFIX.length() || end >= topicFilter.length() - 1) {
				throw new IllegalArgumentException(
						"Invalid topic filter '" + topicFilter + "': expected $share/<group>/<filter>");
			}
		}
	}

	/**
	 * The filter that messages of a subscription match: the filter of a shared
	 * subscription without its {@code $share/<group>/} prefix.
	 * @param topicFilter the topic filter as subscribed
	 * @return the filter that topics are matched against
	 */
	public static String matchingFilter(String topicFilter) {
		if (topicFilter.startsWith(SHARED_SUBSCRIPTION_PREFIX)) {
			return topicFilter.substring(topicFilter.indexOf('/', SHARED_SUBSCRIPTION_PREFIX.length()) + 1);
		}
		return topicFilter;
	}

	/**
	 * Whether a topic name matches a topic filter.
	 * @param topicFilter the filter, without a shared-subscription prefix
	 * @param topic the topic name
	 * @return whether it matches
	 */
	public static boolean matches(String topicFilter, String topic) {
		return MqttTopicValidator.isMatched(topicFilter, topic);
	}

	private static void checkCharacter(String topic, int i, String what) {
		char c = topic.charAt(i);
		if (c == '\u0000') {
			throw new IllegalArgumentException(
					"the " + what + " contains the NUL character (U+0000) at index " + i + ", which MQTT forbids");
		}
		// Java's UTF-8 encoder would silently replace an unpaired surrogate with '?'
		if (Character.isHighSurrogate(c) && (i + 1 == topic.length() || !Character.isLowSurrogate(topic.charAt(i + 1)))
				|| Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(topic.charAt(i - 1)))) {
			throw new IllegalArgumentException(
					"the " + what + " is not valid UTF-8: unpaired surrogate character at index " + i);
		}
	}

}
