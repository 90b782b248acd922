package io.mqttspring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the listener for messages on one or more MQTT topic filters.
 * <p>
 * The method's parameters may be the payload (converted from {@code byte[]}, UTF-8
 * {@code String} or JSON to the parameter's type), a {@code Message<T>}, and headers
 * with {@code @Header}, such as
 * {@link org.springframework.integration.mqtt.support.MqttHeaders#RECEIVED_TOPIC}.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MqttListener {

	/**
	 * The listener id, unique in the application; defaults to
	 * {@code <beanName>.<methodName>}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The topic filters to subscribe to, with {@code +} and {@code #} wildcards and
	 * {@code ${...}} placeholders.
	 * @return the topic filters
	 */
	String[] topics();

	/**
	 * The maximum QoS to receive messages at.
	 * @return 0, 1 or 2
	 */
	int qos() default 1;

}
