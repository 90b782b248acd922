package io.mqttspring.connection.transport;

/**
 * One filter to subscribe to.
 *
 * @param topicFilter the topic filter, optionally {@code $share/<group>/<filter>}
 * @param qos the maximum QoS to receive at
 * @param subscriptionIdentifier the MQTT 5 subscription identifier the broker puts on
 * matching messages, or 0 for none
 */
public record SubscriptionRequest(String topicFilter, int qos, int subscriptionIdentifier) {
}
