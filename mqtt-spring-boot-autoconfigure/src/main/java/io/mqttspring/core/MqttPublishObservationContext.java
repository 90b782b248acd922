package io.mqttspring.core;

import io.micrometer.observation.transport.SenderContext;
import io.mqttspring.connection.transport.MqttPublishProperties;

/**
 * The context of a {@code mqtt.publish} observation. Propagated trace context (such as
 * W3C {@code traceparent}) is written into the message's MQTT 5 user properties, which
 * the carrier collects before the message is sent.
 */
public class MqttPublishObservationContext extends SenderContext<MqttPublishProperties.Builder> {

	private final String connection;

	private final String topic;

	private final int qos;

	public MqttPublishObservationContext(String connection, String topic, int qos,
			MqttPublishProperties.Builder properties) {
		super(MqttPublishProperties.Builder::replaceUserProperty);
		setCarrier(properties);
		setRemoteServiceName("mqtt");
		this.connection = connection;
		this.topic = topic;
		this.qos = qos;
	}

	/**
	 * The name of the connection published on.
	 * @return the connection name
	 */
	public String getConnection() {
		return this.connection;
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
