package io.mqttspring.listener;

import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves {@link TopicVariable @TopicVariable} parameters from the variables the
 * container extracted from the message's topic.
 */
class TopicVariableMethodArgumentResolver implements HandlerMethodArgumentResolver {

	private final ConversionService conversionService;

	TopicVariableMethodArgumentResolver(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(TopicVariable.class);
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		String name = parameter.getParameterAnnotation(TopicVariable.class).value();
		Map<?, ?> variables = message.getHeaders().get(MqttListenerHeaders.TOPIC_VARIABLES, Map.class);
		Object value = (variables != null) ? variables.get(name) : null;
		if (value == null) {
			throw new MessageHandlingException(message, "No topic variable '" + name + "' in the message's topic");
		}
		return this.conversionService.convert(value, TypeDescriptor.valueOf(String.class),
				new TypeDescriptor(parameter));
	}

}
