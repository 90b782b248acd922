package io.mqttspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
	 * Publish a payload with QoS, retained flag and MQTT 5 properties set on
	 * {@link MqttPublishOptions}; what is not set keeps the defaults.
	 * @param topic the topic name (no wildcards)
	 * @param payload the payload, converted as for {@link #publish(String, Object)}
	 * @param options sets the options
	 * @return a future that completes as for {@link #publish(String, Object, int, boolean)}
	 */
	CompletableFuture<MqttPublishResult> publish(String topic, Object payload, Consumer<MqttPublishOptions> options);

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

	/**
	 * Send an MQTT 5 request and wait for its reply: the request carries this client's
	 * response topic and a fresh correlation data, and the reply with the same correlation
	 * data completes the future, converted to the reply type.
	 * @param <T> the reply type
	 * @param topic the topic of the request
	 * @param payload the request payload
	 * @param replyType the type to convert the reply's payload to
	 * @param timeout how long to wait for the reply
	 * @return the future of the reply; it fails with {@link MqttRequestTimeoutException}
	 * when no reply came in time, or with {@link MqttPublishException} when the request
	 * could not be published
	 */
	<T> CompletableFuture<T> request(String topic, Object payload, Class<T> replyType, Duration timeout);

	/**
	 * Subscribe to a topic filter and take its messages on demand, from the returned
	 * subscription; it returns once the broker granted the subscription. {@code {name}}
	 * levels subscribe like {@code +} and their values come in the
	 * {@link TopicTemplate#VARIABLES_HEADER} header.
	 * @param topicFilter the topic filter
	 * @param qos the maximum QoS to receive at
	 * @return the subscription, to close when done
	 * @throws MqttSubscribeException if the broker refused the subscription (with its
	 * reason code) or did not confirm it in time
	 * @throws IllegalArgumentException if the filter or the QoS is not valid
	 */
	MqttSubscription subscribe(String topicFilter, int qos);

	/**
	 * Take one message of a topic filter: subscribe, wait for the first message, and
	 * unsubscribe. For a concrete topic with a retained message, that message comes at
	 * once: the topic's current value.
	 * @param <T> the payload type
	 * @param topicFilter the topic filter or topic
	 * @param payloadType the type to convert the payload to ({@code byte[]},
	 * {@code String} or JSON)
	 * @param timeout how long to wait, subscribing included
	 * @return the message, or {@code null} when none arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 * @throws MqttSubscribeException if the broker refused the subscription
	 */
	<T> Message<T> receive(String topicFilter, Class<T> payloadType, Duration timeout) throws InterruptedException;

}
