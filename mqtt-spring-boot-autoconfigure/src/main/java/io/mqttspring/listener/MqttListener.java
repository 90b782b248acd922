package io.mqttspring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.mqttspring.aot.MqttListenerReflectiveProcessor;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as the listener for messages on one or more MQTT topic filters.
 * <p>
 * The method's parameters may be the payload (converted from {@code byte[]}, UTF-8
 * {@code String} or JSON to the parameter's type, validated with {@code @Valid} when a
 * {@code Validator} bean exists), a {@code Message<T>}, {@code @Header} values such as
 * {@link org.springframework.integration.mqtt.support.MqttHeaders#RECEIVED_TOPIC},
 * {@code @Headers Map<String, Object>}, {@link TopicVariable @TopicVariable} values and,
 * with {@link AckMode#MANUAL}, an {@link MqttAcknowledgment}. A method returning a value
 * with {@code @SendTo("topic")} publishes it; a bare {@code @SendTo} replies to the
 * request's MQTT 5 response topic with its correlation data.
 * <p>
 * For ahead-of-time processing and native images, the method is registered for
 * reflective invocation and its payload and return types for JSON binding.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(MqttListenerReflectiveProcessor.class)
public @interface MqttListener {

	/**
	 * The listener id, unique in the application; defaults to
	 * {@code <beanName>.<methodName>}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The topic filters to subscribe to, with {@code +} and {@code #} wildcards,
	 * {@code ${...}} placeholders, and {@code {name}} levels that subscribe like {@code +}
	 * and bind to {@link TopicVariable @TopicVariable} parameters.
	 * @return the topic filters
	 */
	String[] topics();

	/**
	 * The maximum QoS to receive messages at.
	 * @return 0, 1 or 2
	 */
	int qos() default 1;

	/**
	 * A shared-subscription group: each topic is subscribed as
	 * {@code $share/<group>/<filter>}, and the broker gives each message to one member of
	 * the group.
	 * @return the group, or empty for a plain subscription
	 */
	String group() default "";

	/**
	 * When messages are acknowledged to the broker.
	 * @return the ack mode
	 */
	AckMode ackMode() default AckMode.AUTO;

	/**
	 * The bean name of an {@link MqttListenerErrorHandler} for this listener's failures;
	 * without one, failures go to Spring Integration's {@code errorChannel}, or are logged.
	 * @return the error handler bean name
	 */
	String errorHandler() default "";

	/**
	 * How many threads process this listener's messages; messages of one topic are always
	 * processed in order. Supports {@code ${...}} placeholders.
	 * @return the concurrency, "1" by default
	 */
	String concurrency() default "";

	/**
	 * Whether the listener subscribes when the application starts; defaults to
	 * {@code mqtt.listener.auto-startup}. Supports {@code ${...}} placeholders.
	 * @return "true", "false", or empty for the default
	 */
	String autoStartup() default "";

	/**
	 * The connection to subscribe on: the name of a connection under
	 * {@code mqtt.connections}; the default connection ({@code mqtt.*}) when empty.
	 * Placeholders are resolved.
	 * @return the connection name
	 */
	String connection() default "";

	/**
	 * Whether a failed invocation is tried again, with the back-off of
	 * {@code mqtt.listener.retry.*}: {@code "true"} ({@code mqtt.listener.retry.max-attempts}
	 * attempts), {@code "false"} (one attempt), or a number of attempts, the first
	 * included; empty for {@code mqtt.listener.retry.enabled}. Supports {@code ${...}}
	 * placeholders.
	 * @return "true", "false", a number of attempts, or empty for the default
	 */
	String retry() default "";

}
