package io.mqttspring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a listener method parameter to a {@code {name}} level of the listener's topics:
 * with {@code topics = "sensors/{deviceId}/telemetry"}, {@code @TopicVariable("deviceId")}
 * receives the second level of the topic each message arrived on, converted to the
 * parameter's type.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TopicVariable {

	/**
	 * The name of the variable in the topic template.
	 * @return the variable name
	 */
	String value();

}
