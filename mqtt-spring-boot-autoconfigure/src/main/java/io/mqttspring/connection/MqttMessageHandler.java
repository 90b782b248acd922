package io.mqttspring.connection;

import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Receives the messages of a subscription made through {@link SharedMqttClient#subscribe}.
 */
@FunctionalInterface
public interface MqttMessageHandler {

	/**
	 * Handle a message that arrived on a topic matching the subscription's filter. The
	 * message is acknowledged to the broker once this method returns or throws.
	 * @param topic the concrete topic the message was published to
	 * @param message the message
	 * @throws Exception if handling failed; it is logged and does not affect the connection
	 */
	void handleMessage(String topic, MqttMessage message) throws Exception;

}
