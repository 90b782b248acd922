package io.mqttspring.listener;

import java.util.Map;

import io.mqttspring.core.MqttPropertyHeaders;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import org.springframework.integration.mqtt.support.MqttHeaderMapper;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Turns a received MQTT message into a Spring {@link Message}, with Spring Integration's
 * {@link MqttHeaders} names and its mapping of MQTT 5 properties to headers.
 */
final class InboundMessageFactory {

	private final MqttHeaderMapper headerMapper = new MqttHeaderMapper();

	MessageBuilder<byte[]> toMessageBuilder(String topic, MqttMessage mqttMessage) {
		MqttProperties properties = mqttMessage.getProperties();
		Map<String, Object> propertyHeaders = (properties != null) ? this.headerMapper.toHeaders(properties) : Map.of();
		MessageBuilder<byte[]> builder = MessageBuilder.withPayload(mqttMessage.getPayload()).copyHeaders(propertyHeaders);
		// Spring Integration maps the content type only with the payload format indicator,
		// and not the message expiry
		if (properties != null && properties.getContentType() != null) {
			builder.setHeader(MessageHeaders.CONTENT_TYPE, properties.getContentType());
		}
		if (properties != null && properties.getMessageExpiryInterval() != null) {
			builder.setHeader(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, properties.getMessageExpiryInterval());
		}
		if (properties != null && properties.getPayloadFormat()) {
			builder.setHeader(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR, true);
		}
		return builder
			.setHeader(MqttHeaders.RECEIVED_TOPIC, topic)
			.setHeader(MqttHeaders.RECEIVED_QOS, mqttMessage.getQos())
			.setHeader(MqttHeaders.RECEIVED_RETAINED, mqttMessage.isRetained())
			.setHeader(MqttHeaders.DUPLICATE, mqttMessage.isDuplicate())
			.setHeader(MqttHeaders.ID, mqttMessage.getId());
	}

}
