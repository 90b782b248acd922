package io.mqttspring.core;

/**
 * The outcome of a successful publish.
 *
 * @param topic the topic published to
 * @param qos the QoS published at
 * @param messageId the packet identifier the message was sent with (0 for QoS 0)
 * @param reasonCode the broker's MQTT 5 reason code for QoS 1 and 2, such as 0x00
 * (success) or 0x10 (no matching subscribers); 0 for QoS 0
 */
public record MqttPublishResult(String topic, int qos, int messageId, int reasonCode) {

	/** The reason code with which a broker accepts a message that no subscriber receives. */
	public static final int NO_MATCHING_SUBSCRIBERS = 0x10;

	/**
	 * Whether the broker reported that no subscription matched the topic.
	 * @return whether nobody received the message
	 */
	public boolean noMatchingSubscribers() {
		return this.reasonCode == NO_MATCHING_SUBSCRIBERS;
	}

}
