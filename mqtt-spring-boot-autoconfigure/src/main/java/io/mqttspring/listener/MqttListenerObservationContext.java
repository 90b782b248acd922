package io.mqttspring.listener;

import io.micrometer.observation.transport.ReceiverContext;
import io.mqttspring.connection.transport.InboundPublish;

/**
 * The context of a {@code mqtt.listener} observation. Trace context propagated by the
 * publisher is read from the message's MQTT 5 user properties.
 */
public class MqttListenerObservationContext extends ReceiverContext<InboundPublish> {

	private final String listenerId;

	private final String connection;

	private final String topic;

	public MqttListenerObservationContext(String listenerId, String connection, String topic,
			InboundPublish message) {
		super(MqttListenerObservationContext::userProperty);
		setCarrier(message);
		setRemoteServiceName("mqtt");
		this.listenerId = listenerId;
		this.connection = connection;
		this.topic = topic;
	}

	private static String userProperty(InboundPublish message, String key) {
		return message.properties().userProperty(key);
	}

	/**
	 * The id of the listener.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The name of the connection the message arrived on.
	 * @return the connection name
	 */
	public String getConnection() {
		return this.connection;
	}

	/**
	 * The topic the message arrived on.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

}
