package io.mqttspring.listener;

/**
 * When a listener's messages are acknowledged to the broker.
 */
public enum AckMode {

	/**
	 * After the listener method returned, or its error was handled by the error handler
	 * or the error channel. A message whose error handler rethrows stays unacknowledged.
	 */
	AUTO,

	/**
	 * When the listener calls {@link MqttAcknowledgment#acknowledge()}; the method takes
	 * an {@link MqttAcknowledgment} parameter. Needs QoS 0 or 1.
	 */
	MANUAL

}
