package io.mqttspring.listener;

import java.util.Map;

import org.eclipse.paho.mqttv5.common.MqttMessage;

import org.springframework.integration.mqtt.support.MqttHeaderMapper;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Turns a received MQTT message into a Spring {@link Message}, with Spring Integration's
 * {@link MqttHeaders} names and its mapping of MQTT 5 properties to headers.
 */
final class InboundMessageFactory {

	private final MqttHeaderMapper headerMapper = new MqttHeaderMapper();

	MessageBuilder<byte[]> toMessageBuilder(String topic, MqttMessage mqttMessage) {
		Map<String, Object> propertyHeaders = (mqttMessage.getProperties() != null)
				? this.headerMapper.toHeaders(mqttMessage.getProperties()) : Map.of();
		return MessageBuilder.withPayload(mqttMessage.getPayload())
			.copyHeaders(propertyHeaders)
			.setHeader(MqttHeaders.RECEIVED_TOPIC, topic)
			.setHeader(MqttHeaders.RECEIVED_QOS, mqttMessage.getQos())
			.setHeader(MqttHeaders.RECEIVED_RETAINED, mqttMessage.isRetained())
			.setHeader(MqttHeaders.DUPLICATE, mqttMessage.isDuplicate())
			.setHeader(MqttHeaders.ID, mqttMessage.getId());
	}

}
