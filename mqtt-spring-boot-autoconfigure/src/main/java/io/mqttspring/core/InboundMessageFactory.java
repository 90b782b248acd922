package io.mqttspring.core;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.UserProperty;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Turns a received MQTT message into a Spring {@code Message}, with Spring Integration's
 * {@link MqttHeaders} names for the message's flags and MQTT 5 properties, and each user
 * property as a header of its name, as Spring Integration's header mapper does.
 */
public final class InboundMessageFactory {

	/**
	 * A builder of the message with its payload and headers.
	 * @param message the received message
	 * @return the builder
	 */
	public MessageBuilder<byte[]> toMessageBuilder(InboundPublish message) {
		MessageBuilder<byte[]> builder = MessageBuilder.withPayload(message.payload());
		MqttPublishProperties properties = message.properties();
		if (!properties.isEmpty()) {
			for (UserProperty property : properties.userProperties()) {
				builder.setHeader(property.name(), property.value());
			}
			if (properties.contentType() != null) {
				builder.setHeader(MessageHeaders.CONTENT_TYPE, properties.contentType());
			}
			if (properties.utf8Payload()) {
				builder.setHeader(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR, true);
			}
			if (properties.messageExpiryInterval() != null) {
				builder.setHeader(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, properties.messageExpiryInterval());
			}
			if (properties.responseTopic() != null) {
				builder.setHeader(MqttHeaders.RESPONSE_TOPIC, properties.responseTopic());
			}
			if (properties.correlationData() != null) {
				builder.setHeader(MqttHeaders.CORRELATION_DATA, properties.correlationData());
			}
		}
		return builder.setHeader(MqttHeaders.RECEIVED_TOPIC, message.topic())
			.setHeader(MqttHeaders.RECEIVED_QOS, message.qos())
			.setHeader(MqttHeaders.RECEIVED_RETAINED, message.retained())
			.setHeader(MqttHeaders.DUPLICATE, message.duplicate())
			.setHeader(MqttHeaders.ID, message.packetId());
	}

}
