package io.mqttspring.connection;

import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.OutboundPublish;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Converts our messages to Paho MQTTv5's.
 */
final class PahoV5Messages {

	private PahoV5Messages() {
	}

	static MqttMessage toMqttMessage(OutboundPublish publish) {
		MqttMessage message = new MqttMessage(publish.payload());
		message.setQos(publish.qos());
		message.setRetained(publish.retained());
		MqttPublishProperties properties = publish.properties();
		if (!properties.isEmpty()) {
			message.setProperties(toMqttProperties(properties));
		}
		return message;
	}

	private static MqttProperties toMqttProperties(MqttPublishProperties properties) {
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
				.map((property) -> new org.eclipse.paho.mqttv5.common.packet.UserProperty(property.name(),
						property.value()))
				.toList());
		}
		return mqttProperties;
	}

}
