package io.mqttspring.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A listener method failed, or its arguments could not be resolved (for example a payload
 * that is not valid JSON for the parameter type). The message names the listener and the
 * topic; the cause is the original exception.
 */
public class MqttListenerExecutionFailedException extends MessagingException {

	private final String listenerId;

	public MqttListenerExecutionFailedException(String listenerId, String description, Message<?> failedMessage,
			Throwable cause) {
		super(failedMessage, description, cause);
		this.listenerId = listenerId;
	}

	/**
	 * The id of the listener that failed.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

}
