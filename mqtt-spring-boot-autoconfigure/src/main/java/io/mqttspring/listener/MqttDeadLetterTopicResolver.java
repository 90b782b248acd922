package io.mqttspring.listener;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

/**
 * Decides where the dead letter of a message goes that a listener could not process (its
 * retries used up, or a failure that cannot succeed on retry, and no error handler that
 * handled it). The role of Spring for Apache Kafka's {@code DeadLetterPublishingRecoverer}
 * destination resolver; the starter publishes the dead letter itself, so that the
 * original is acknowledged only once the broker has the dead letter.
 * <p>
 * With {@code mqtt.listener.dead-letter.enabled=true} the auto-configuration provides
 * {@link #withPrefix(String) one} that prefixes the original topic with
 * {@code mqtt.listener.dead-letter.topic-prefix}; a bean of this type replaces it:
 * <pre>
 * &#64;Bean
 * MqttDeadLetterTopicResolver deadLetterTopics() {
 *     return (message, failure) -&gt; "parked/" + failure.getListenerId() + "/"
 *             + message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC);
 * }
 * </pre>
 */
@FunctionalInterface
public interface MqttDeadLetterTopicResolver {

	/**
	 * The topic of the dead letter of a message.
	 * @param message the message, with its headers ({@link MqttHeaders#RECEIVED_TOPIC},
	 * {@link MqttListenerHeaders#LISTENER_ID}, its MQTT 5 properties)
	 * @param failure the failure, with the listener's id and, as its cause, what the
	 * listener threw on the last attempt
	 * @return the topic, or {@code null} to publish no dead letter for this message: its
	 * failure then goes to the error channel and the log, as without dead letters
	 */
	String resolveTopic(Message<?> message, MqttListenerExecutionFailedException failure);

	/**
	 * The resolver that publishes to {@code <prefix><original topic>}; a message that is
	 * itself a dead letter (its topic starts with the prefix) gets none, so that a failing
	 * listener of the dead letters does not feed itself forever.
	 * @param prefix the prefix, such as {@code dead-letter/}
	 * @return the resolver
	 */
	static MqttDeadLetterTopicResolver withPrefix(String prefix) {
		return (message, failure) -> {
			String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
			return (topic == null || topic.startsWith(prefix)) ? null : prefix + topic;
		};
	}

}
