package io.mqttspring.listener;

/**
 * Acknowledges a message to the broker, for listeners with {@link AckMode#MANUAL}. May be
 * called from any thread, later than the listener method returns; calling it again has no
 * effect. A message that is never acknowledged is delivered again after a reconnect with a
 * persistent session.
 */
@FunctionalInterface
public interface MqttAcknowledgment {

	/**
	 * Acknowledge the message (PUBACK for QoS 1).
	 */
	void acknowledge();

}
