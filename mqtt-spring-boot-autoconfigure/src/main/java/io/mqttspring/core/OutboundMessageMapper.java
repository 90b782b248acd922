package io.mqttspring.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Maps the headers of a Spring {@link Message} to an MQTT 5 message: topic, QoS and
 * retained flag from {@link MqttHeaders}, the MQTT 5 properties from their headers, and
 * every other header, except Spring's internal ones, as a user property.
 */
final class OutboundMessageMapper {

	private static final Set<String> NOT_USER_PROPERTIES = Set.of(MessageHeaders.ID, MessageHeaders.TIMESTAMP,
			MessageHeaders.CONTENT_TYPE, MessageHeaders.REPLY_CHANNEL, MessageHeaders.ERROR_CHANNEL, MqttHeaders.TOPIC,
			MqttHeaders.QOS, MqttHeaders.RETAINED, MqttHeaders.MESSAGE_EXPIRY_INTERVAL, MqttHeaders.RESPONSE_TOPIC,
			MqttHeaders.CORRELATION_DATA, MqttHeaders.TOPIC_ALIAS, MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR);

	private static final List<String> INTERNAL_PREFIXES = List.of("mqtt_", "spring_", "kafka_", "amqp_");

	private OutboundMessageMapper() {
	}

	static String topic(Message<?> message) {
		Object topic = message.getHeaders().get(MqttHeaders.TOPIC);
		if (!(topic instanceof String text) || text.isEmpty()) {
			throw new IllegalArgumentException("The message has no '" + MqttHeaders.TOPIC + "' header naming the topic");
		}
		return text;
	}

	static Integer qos(Message<?> message) {
		Object qos = message.getHeaders().get(MqttHeaders.QOS);
		return (qos != null) ? Integer.valueOf(qos.toString()) : null;
	}

	static Boolean retained(Message<?> message) {
		Object retained = message.getHeaders().get(MqttHeaders.RETAINED);
		return (retained != null) ? Boolean.valueOf(retained.toString()) : null;
	}

	static MqttProperties properties(MessageHeaders headers) {
		MqttProperties properties = new MqttProperties();
		Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
		if (contentType != null) {
			properties.setContentType(contentType.toString());
		}
		Object payloadFormat = headers.get(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR);
		if (payloadFormat != null) {
			properties.setPayloadFormat("true".equals(payloadFormat.toString()) || "1".equals(payloadFormat.toString()));
		}
		Object expiry = headers.get(MqttHeaders.MESSAGE_EXPIRY_INTERVAL);
		if (expiry != null) {
			properties.setMessageExpiryInterval(Long.valueOf(expiry.toString()));
		}
		Object responseTopic = headers.get(MqttHeaders.RESPONSE_TOPIC);
		if (responseTopic != null) {
			properties.setResponseTopic(responseTopic.toString());
		}
		Object correlationData = headers.get(MqttHeaders.CORRELATION_DATA);
		if (correlationData != null) {
			properties.setCorrelationData((correlationData instanceof byte[] bytes) ? bytes
					: correlationData.toString().getBytes(StandardCharsets.UTF_8));
		}
		List<UserProperty> userProperties = new ArrayList<>();
		for (Map.Entry<String, Object> header : headers.entrySet()) {
			if (isUserProperty(header.getKey(), header.getValue())) {
				userProperties.add(new UserProperty(header.getKey(), header.getValue().toString()));
			}
		}
		properties.setUserProperties(userProperties);
		return properties;
	}

	private static boolean isUserProperty(String name, Object value) {
		if (NOT_USER_PROPERTIES.contains(name) || INTERNAL_PREFIXES.stream().anyMatch(name::startsWith)) {
			return false;
		}
		return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?>;
	}

	static MqttMessage toMqttMessage(byte[] payload, int qos, boolean retained, MqttProperties properties) {
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retained);
		message.setProperties(properties);
		return message;
	}

}
