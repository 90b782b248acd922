package io.mqttspring.core;

/**
 * The outcome of a successful publish.
 *
 * @param topic the topic published to
 * @param qos the QoS published at
 * @param messageId the packet identifier the message was sent with (0 for QoS 0)
 */
public record MqttPublishResult(String topic, int qos, int messageId) {
}
