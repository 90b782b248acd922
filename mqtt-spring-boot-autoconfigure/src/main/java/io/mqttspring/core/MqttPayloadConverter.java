package io.mqttspring.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Converts between objects and MQTT payloads: {@code byte[]} as is, {@code String} as
 * UTF-8, anything else as JSON. As a Spring {@link SmartMessageConverter} it also
 * converts listener payloads, using the generic type of the target parameter.
 */
public class MqttPayloadConverter implements SmartMessageConverter {

	private final JsonMapper jsonMapper;

	public MqttPayloadConverter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Convert an object to the bytes of an MQTT payload.
	 * @param payload the object; must not be {@code null}
	 * @return the payload bytes
	 * @throws MessageConversionException if the object cannot be written as JSON
	 */
	public byte[] toPayload(Object payload) {
		if (payload == null) {
			throw new MessageConversionException("Payload must not be null");
		}
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		try {
			return this.jsonMapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new MessageConversionException(
					"Could not write payload of type " + payload.getClass().getName() + " as JSON: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Convert the bytes of an MQTT payload to an object.
	 * @param payload the payload bytes
	 * @param targetType the type to convert to
	 * @return the converted object
	 * @throws MessageConversionException if the payload is not valid JSON for the type
	 */
	public Object fromPayload(byte[] payload, Type targetType) {
		if (targetType == byte[].class) {
			return payload;
		}
		if (targetType == String.class) {
			return new String(payload, StandardCharsets.UTF_8);
		}
		try {
			return this.jsonMapper.readValue(payload, this.jsonMapper.constructType(targetType));
		}
		catch (JacksonException ex) {
			throw new MessageConversionException("Could not read payload as JSON " + targetType.getTypeName() + ": "
					+ ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object fromMessage(Message<?> message, Class<?> targetClass) {
		return fromMessage(message, targetClass, null);
	}

	@Override
	public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
		Object payload = message.getPayload();
		if (!(payload instanceof byte[] bytes)) {
			return targetClass.isInstance(payload) ? payload : null;
		}
		return fromPayload(bytes, targetType(targetClass, conversionHint));
	}

	private static Type targetType(Class<?> targetClass, Object conversionHint) {
		if (conversionHint instanceof MethodParameter parameter) {
			MethodParameter nested = parameter.nestedIfOptional();
			if (Message.class.isAssignableFrom(nested.getParameterType())) {
				nested = nested.nested();
			}
			Type type = nested.getNestedGenericParameterType();
			return GenericTypeResolver.resolveType(type, parameter.getContainingClass());
		}
		return targetClass;
	}

	@Override
	public Message<?> toMessage(Object payload, MessageHeaders headers) {
		return toMessage(payload, headers, null);
	}

	@Override
	public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
		MessageBuilder<byte[]> builder = MessageBuilder.withPayload(toPayload(payload));
		if (headers != null) {
			builder.copyHeaders(headers);
		}
		return builder.build();
	}

}
