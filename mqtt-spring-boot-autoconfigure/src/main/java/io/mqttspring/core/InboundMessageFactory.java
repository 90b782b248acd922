package io.mqttspring.core;

import java.util.HashMap;
import java.util.Map;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.UserProperty;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Turns a received MQTT message into a Spring {@code Message}, with Spring Integration's
 * {@link MqttHeaders} names for the message's flags and MQTT 5 properties, and each user
 * property as a header of its name, as Spring Integration's header mapper does.
 * <p>
 * The headers go into one map that becomes the message's headers, where a
 * {@code MessageBuilder} would fill a map of its own and copy it: a received message's
 * headers are built on every delivery, read or not.
 */
public final class InboundMessageFactory {

	// The headers of a message without MQTT 5 properties, those of the listener and the two
	// of every Spring message (id and timestamp) fit without a resize
	private static final int INITIAL_CAPACITY = 16;

	/**
	 * The headers of a received message, in a map to add more to before
	 * {@link #toMessage making the message}.
	 * @param message the received message
	 * @return the headers
	 */
	public Map<String, Object> toHeaders(InboundPublish message) {
		Map<String, Object> headers = new HashMap<>(INITIAL_CAPACITY);
		MqttPublishProperties properties = message.properties();
		if (!properties.isEmpty()) {
			for (UserProperty property : properties.userProperties()) {
				headers.put(property.name(), property.value());
			}
			if (properties.contentType() != null) {
				headers.put(MessageHeaders.CONTENT_TYPE, properties.contentType());
			}
			if (properties.utf8Payload()) {
				headers.put(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR, true);
			}
			if (properties.messageExpiryInterval() != null) {
				headers.put(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, properties.messageExpiryInterval());
			}
			if (properties.responseTopic() != null) {
				headers.put(MqttHeaders.RESPONSE_TOPIC, properties.responseTopic());
			}
			if (properties.correlationData() != null) {
				headers.put(MqttHeaders.CORRELATION_DATA, properties.correlationData());
			}
		}
		headers.put(MqttHeaders.RECEIVED_TOPIC, message.topic());
		headers.put(MqttHeaders.RECEIVED_QOS, message.qos());
		headers.put(MqttHeaders.RECEIVED_RETAINED, message.retained());
		headers.put(MqttHeaders.DUPLICATE, message.duplicate());
		headers.put(MqttHeaders.ID, message.packetId());
		return headers;
	}

	/**
	 * The message of a received message's payload and headers.
	 * @param message the received message
	 * @param headers its headers, from {@link #toHeaders} and more
	 * @return the message
	 */
	public Message<byte[]> toMessage(InboundPublish message, Map<String, Object> headers) {
		return new GenericMessage<>(message.payload(), headers);
	}

}
