package io.mqttspring.listener;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves {@link MqttAcknowledgment} parameters of listeners with {@link AckMode#MANUAL}.
 */
class MqttAcknowledgmentMethodArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return MqttAcknowledgment.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		return message.getHeaders().get(MqttListenerHeaders.ACKNOWLEDGMENT);
	}

}
