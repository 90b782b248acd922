package io.mqttspring.core;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

/**
 * Publishing operations on the application's MQTT connection.
 */
public interface MqttOperations {

	/**
	 * Publish a payload with the default QoS and retained flag.
	 * @param topic the topic name (no wildcards)
	 * @param payload a {@code byte[]}, a {@code String} (sent as UTF-8) or any object
	 * (sent as JSON)
	 * @return a future that completes when the broker acknowledged the message (QoS 1 and
	 * 2) or it was written (QoS 0), or exceptionally with {@link MqttPublishException}
	 */
	CompletableFuture<MqttPublishResult> publish(String topic, Object payload);

	/**
	 * Publish a payload.
	 * @param topic the topic name (no wildcards)
	 * @param payload a {@code byte[]}, a {@code String} (sent as UTF-8) or any object
	 * (sent as JSON)
	 * @param qos the QoS: 0, 1 or 2
	 * @param retained whether the broker retains the message for future subscribers
	 * @return a future that completes when the broker acknowledged the message (QoS 1 and
	 * 2) or it was written (QoS 0), or exceptionally with {@link MqttPublishException}
	 */
	CompletableFuture<MqttPublishResult> publish(String topic, Object payload, int qos, boolean retained);

	/**
	 * Publish a Spring message: the topic from the {@code MqttHeaders.TOPIC} header, QoS
	 * and retained flag from {@code MqttHeaders.QOS} and {@code MqttHeaders.RETAINED}
	 * (else the defaults), MQTT 5 properties from their headers (content type,
	 * {@link MqttPropertyHeaders#PAYLOAD_FORMAT_INDICATOR}, message expiry interval,
	 * response topic, correlation data), and every other header that is not Spring's own
	 * as an MQTT 5 user property.
	 * @param message the message
	 * @return a future that completes as for {@link #publish(String, Object, int, boolean)}
	 */
	CompletableFuture<MqttPublishResult> send(Message<?> message);

}
