package io.mqttspring.connection.transport;

/**
 * The broker's answer to one filter of a SUBSCRIBE.
 *
 * @param topicFilter the topic filter
 * @param reasonCode the granted QoS (0, 1 or 2), or a failure code: 0x80 and above (MQTT
 * 3.1.1 has only 0x80)
 */
public record SubscribeResult(String topicFilter, int reasonCode) {

	/**
	 * Whether the broker granted the subscription.
	 * @return whether granted
	 */
	public boolean isGranted() {
		return this.reasonCode < 0x80;
	}

}
