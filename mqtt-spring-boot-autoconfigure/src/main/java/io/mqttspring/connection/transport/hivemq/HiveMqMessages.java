package io.mqttspring.connection.transport.hivemq;

import java.nio.ByteBuffer;

import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.TransportSettings;
import io.mqttspring.connection.transport.UserProperty;

/**
 * Converts between our messages and the HiveMQ client's MQTT 5 messages.
 */
final class HiveMqMessages {

	private HiveMqMessages() {
	}

	static Mqtt5Publish toPublish(OutboundPublish message) {
		Mqtt5PublishBuilder.Complete builder = Mqtt5Publish.builder()
			.topic(message.topic())
			.qos(HiveMqV5Connection.qos(message.qos()))
			.retain(message.retained())
			.payload(message.payload());
		applyProperties(builder, message.properties());
		return builder.build();
	}

	static Mqtt5WillPublish toWill(TransportSettings.WillMessage will) {
		Mqtt5PublishBuilder.Complete builder = Mqtt5Publish.builder()
			.topic(will.topic())
			.qos(HiveMqV5Connection.qos(will.qos()))
			.retain(will.retained())
			.payload(will.payload());
		applyProperties(builder, will.properties());
		return builder.asWill().delayInterval(will.delay().toSeconds()).build();
	}

	private static void applyProperties(Mqtt5PublishBuilder.Complete builder, MqttPublishProperties properties) {
		if (properties.isEmpty()) {
			return;
		}
		builder.contentType(properties.contentType())
			.responseTopic(properties.responseTopic())
			.correlationData(properties.correlationData());
		if (properties.utf8Payload()) {
			builder.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
		}
		if (properties.messageExpiryInterval() != null) {
			builder.messageExpiryInterval(properties.messageExpiryInterval());
		}
		if (!properties.userProperties().isEmpty()) {
			Mqtt5UserPropertiesBuilder userProperties = Mqtt5UserProperties.builder();
			for (UserProperty property : properties.userProperties()) {
				userProperties.add(property.name(), property.value());
			}
			builder.userProperties(userProperties.build());
		}
	}

	static InboundPublish toInboundPublish(Mqtt5Publish publish) {
		return new InboundPublish(publish.getTopic().toString(), publish.getPayloadAsBytes(),
				publish.getQos().getCode(), publish.isRetain(), false, 0, toProperties(publish), publish);
	}

	private static MqttPublishProperties toProperties(Mqtt5Publish publish) {
		MqttPublishProperties.Builder builder = MqttPublishProperties.builder()
			.contentType(publish.getContentType().map(Object::toString).orElse(null))
			.utf8Payload(publish.getPayloadFormatIndicator().orElse(null) == Mqtt5PayloadFormatIndicator.UTF_8)
			.responseTopic(publish.getResponseTopic().map(Object::toString).orElse(null))
			.correlationData(publish.getCorrelationData().map(HiveMqMessages::bytes).orElse(null));
		if (publish.getMessageExpiryInterval().isPresent()) {
			builder.messageExpiryInterval(publish.getMessageExpiryInterval().getAsLong());
		}
		for (Mqtt5UserProperty property : publish.getUserProperties().asList()) {
			builder.userProperty(property.getName().toString(), property.getValue().toString());
		}
		return builder.build();
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

}
