package io.mqttspring.connection.transport.pahov5;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.OutboundPublish;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Converts between our messages and Paho MQTTv5's.
 */
final class PahoV5Messages {

	private PahoV5Messages() {
	}

	static MqttMessage toMqttMessage(OutboundPublish publish) {
		MqttMessage message = new MqttMessage(publish.payload());
		message.setQos(publish.qos());
		message.setRetained(publish.retained());
		if (!publish.properties().isEmpty()) {
			message.setProperties(toMqttProperties(publish.properties()));
		}
		return message;
	}

	static MqttProperties toMqttProperties(MqttPublishProperties properties) {
		MqttProperties mqttProperties = new MqttProperties();
		mqttProperties.setContentType(properties.contentType());
		if (properties.utf8Payload()) {
			mqttProperties.setPayloadFormat(true);
		}
		mqttProperties.setMessageExpiryInterval(properties.messageExpiryInterval());
		mqttProperties.setResponseTopic(properties.responseTopic());
		mqttProperties.setCorrelationData(properties.correlationData());
		if (!properties.userProperties().isEmpty()) {
			mqttProperties.setUserProperties(properties.userProperties()
				.stream()
				.map((property) -> new UserProperty(property.name(), property.value()))
				.toList());
		}
		return mqttProperties;
	}

	static InboundPublish toInboundPublish(String topic, MqttMessage message) {
		return new InboundPublish(topic, message.getPayload(), message.getQos(), message.isRetained(),
				message.isDuplicate(), message.getId(), toProperties(message.getProperties()), message);
	}

	private static MqttPublishProperties toProperties(MqttProperties properties) {
		if (properties == null) {
			return MqttPublishProperties.NONE;
		}
		MqttPublishProperties.Builder builder = MqttPublishProperties.builder()
			.contentType(properties.getContentType())
			.utf8Payload(properties.getPayloadFormat())
			.messageExpiryInterval(properties.getMessageExpiryInterval())
			.responseTopic(properties.getResponseTopic())
			.correlationData(properties.getCorrelationData());
		for (UserProperty property : properties.getUserProperties()) {
			builder.userProperty(property.getKey(), property.getValue());
		}
		for (Integer identifier : properties.getSubscriptionIdentifiers()) {
			builder.subscriptionIdentifier(identifier);
		}
		return builder.build();
	}

}
