package io.mqttspring.core;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.transport.SenderContext;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The context of a {@code mqtt.publish} observation. Propagated trace context (such as
 * W3C {@code traceparent}) is written into the message's MQTT 5 user properties.
 */
public class MqttPublishObservationContext extends SenderContext<MqttMessage> {

	private final String topic;

	private final int qos;

	public MqttPublishObservationContext(String topic, MqttMessage message) {
		super(MqttPublishObservationContext::addUserProperty);
		setCarrier(message);
		setRemoteServiceName("mqtt");
		this.topic = topic;
		this.qos = message.getQos();
	}

	private static void addUserProperty(MqttMessage message, String key, String value) {
		MqttProperties properties = message.getProperties();
		if (properties == null) {
			properties = new MqttProperties();
			message.setProperties(properties);
		}
		List<UserProperty> userProperties = new ArrayList<>(properties.getUserProperties());
		userProperties.removeIf((property) -> property.getKey().equals(key));
		userProperties.add(new UserProperty(key, value));
		properties.setUserProperties(userProperties);
	}

	/**
	 * The topic published to.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * The QoS published at.
	 * @return the QoS
	 */
	public int getQos() {
		return this.qos;
	}

}
