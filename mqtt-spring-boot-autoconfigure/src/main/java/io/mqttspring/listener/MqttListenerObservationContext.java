package io.mqttspring.listener;

import java.util.List;

import io.micrometer.observation.transport.ReceiverContext;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The context of a {@code mqtt.listener} observation. Trace context propagated by the
 * publisher is read from the message's MQTT 5 user properties.
 */
public class MqttListenerObservationContext extends ReceiverContext<MqttMessage> {

	private final String listenerId;

	private final String topic;

	public MqttListenerObservationContext(String listenerId, String topic, MqttMessage message) {
		super(MqttListenerObservationContext::userProperty);
		setCarrier(message);
		setRemoteServiceName("mqtt");
		this.listenerId = listenerId;
		this.topic = topic;
	}

	private static String userProperty(MqttMessage message, String key) {
		if (message.getProperties() == null) {
			return null;
		}
		List<UserProperty> userProperties = message.getProperties().getUserProperties();
		for (UserProperty property : userProperties) {
			if (property.getKey().equals(key)) {
				return property.getValue();
			}
		}
		return null;
	}

	/**
	 * The id of the listener.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The topic the message arrived on.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

}
