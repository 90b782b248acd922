package io.mqttspring.listener;

import io.mqttspring.core.TopicTemplate;

/**
 * Headers that listener containers add to received messages, beside Spring Integration's
 * {@link org.springframework.integration.mqtt.support.MqttHeaders}.
 */
public final class MqttListenerHeaders {

	/** The {@link MqttAcknowledgment} of the message, for {@link AckMode#MANUAL}. */
	public static final String ACKNOWLEDGMENT = "mqtt_acknowledgment";

	/** The values of the topic variables, as a {@code Map<String, String>}. */
	public static final String TOPIC_VARIABLES = TopicTemplate.VARIABLES_HEADER;

	/** The id of the listener the message was delivered to. */
	public static final String LISTENER_ID = "mqtt_listenerId";

	private MqttListenerHeaders() {
	}

}
