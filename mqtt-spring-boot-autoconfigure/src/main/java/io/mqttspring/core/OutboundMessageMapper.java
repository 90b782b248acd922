package io.mqttspring.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mqttspring.connection.transport.MqttPublishProperties;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Maps the headers of a Spring {@link Message} to an MQTT message: topic, QoS and
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

	static MqttPublishProperties.Builder properties(MessageHeaders headers) {
		MqttPublishProperties.Builder properties = MqttPublishProperties.builder();
		Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
		if (contentType != null) {
			properties.contentType(contentType.toString());
		}
		Object payloadFormat = headers.get(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR);
		if (payloadFormat != null) {
			properties.utf8Payload("true".equals(payloadFormat.toString()) || "1".equals(payloadFormat.toString()));
		}
		Object expiry = headers.get(MqttHeaders.MESSAGE_EXPIRY_INTERVAL);
		if (expiry != null) {
			properties.messageExpiryInterval(Long.valueOf(expiry.toString()));
		}
		Object responseTopic = headers.get(MqttHeaders.RESPONSE_TOPIC);
		if (responseTopic != null) {
			properties.responseTopic(responseTopic.toString());
		}
		Object correlationData = headers.get(MqttHeaders.CORRELATION_DATA);
		if (correlationData != null) {
			properties.correlationData((correlationData instanceof byte[] bytes) ? bytes
					: correlationData.toString().getBytes(StandardCharsets.UTF_8));
		}
		for (Map.Entry<String, Object> header : headers.entrySet()) {
			if (isUserProperty(header.getKey(), header.getValue())) {
				properties.userProperty(header.getKey(), header.getValue().toString());
			}
		}
		return properties;
	}

	private static boolean isUserProperty(String name, Object value) {
		if (NOT_USER_PROPERTIES.contains(name) || INTERNAL_PREFIXES.stream().anyMatch(name::startsWith)) {
			return false;
		}
		return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?>;
	}

}
