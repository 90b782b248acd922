package io.mqttspring.listener;

import org.springframework.messaging.Message;

/**
 * Handles the failure of a listener method, for listeners that name it in
 * {@link MqttListener#errorHandler()}.
 */
@FunctionalInterface
public interface MqttListenerErrorHandler {

	/**
	 * Handle a failed message.
	 * @param message the message the listener failed on, with its MQTT headers
	 * @param exception a {@link MqttListenerExecutionFailedException} naming the listener
	 * and topic, with the listener's (or the payload conversion's) exception as its cause
	 * @return a reply to publish when the listener has {@code @SendTo}, or {@code null}
	 * @throws Exception to leave the message unacknowledged
	 */
	Object handleError(Message<?> message, Exception exception) throws Exception;

}
