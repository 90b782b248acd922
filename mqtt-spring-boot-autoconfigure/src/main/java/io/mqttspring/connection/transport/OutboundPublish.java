package io.mqttspring.connection.transport;

import java.util.Objects;

/**
 * A message to publish, as every transport takes it.
 *
 * @param topic the topic name
 * @param payload the payload bytes
 * @param qos the QoS: 0, 1 or 2
 * @param retained whether the broker retains the message
 * @param properties the MQTT 5 properties; {@link MqttPublishProperties#NONE} when there
 * are none
 */
public record OutboundPublish(String topic, byte[] payload, int qos, boolean retained,
		MqttPublishProperties properties) {

	public OutboundPublish {
		Objects.requireNonNull(topic, "topic must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
		Objects.requireNonNull(properties, "properties must not be null");
	}

	/**
	 * A message without MQTT 5 properties.
	 * @param topic the topic name
	 * @param payload the payload bytes
	 * @param qos the QoS
	 * @param retained whether retained
	 */
	public OutboundPublish(String topic, byte[] payload, int qos, boolean retained) {
		this(topic, payload, qos, retained, MqttPublishProperties.NONE);
	}

	/**
	 * What the message takes in the outbound buffer: its payload and topic bytes.
	 * @return the size in bytes, at least the payload's length
	 */
	public int bufferedSize() {
		return this.payload.length + this.topic.length();
	}

}
