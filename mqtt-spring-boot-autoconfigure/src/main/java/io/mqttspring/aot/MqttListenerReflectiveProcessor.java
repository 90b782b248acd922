package io.mqttspring.aot;

import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.MessageMappingReflectiveProcessor;

/**
 * {@link ReflectiveProcessor} for {@link MqttListener @MqttListener} methods, applied to
 * the beans of an application during ahead-of-time processing the way Spring for Apache
 * Kafka's listeners are: the method is registered for invocation (which also lets the
 * annotation post-processor find it in a native image), its payload parameter (directly or
 * as {@code Message<T>}) and its return value (a {@code @SendTo} reply) for JSON binding.
 * {@link TopicVariable @TopicVariable} and {@link MqttAcknowledgment} parameters are not
 * payloads.
 */
public class MqttListenerReflectiveProcessor extends MessageMappingReflectiveProcessor {

	@Override
	protected boolean couldBePayload(MethodParameter parameter) {
		return super.couldBePayload(parameter) && !parameter.hasParameterAnnotation(TopicVariable.class)
				&& !MqttAcknowledgment.class.isAssignableFrom(parameter.getParameterType());
	}

}
