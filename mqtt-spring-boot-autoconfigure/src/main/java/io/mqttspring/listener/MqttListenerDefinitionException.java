package io.mqttspring.listener;

import org.springframework.beans.factory.BeanInitializationException;

/**
 * An {@link MqttListener} declaration that cannot work: an invalid topic filter or QoS, an
 * acknowledgement mode the method or the connection cannot honour, an unknown error
 * handler, a listener id used twice. It says which listener, what is wrong and what to
 * change.
 */
public class MqttListenerDefinitionException extends BeanInitializationException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description the listener (its id, bean and method) and what is wrong with it
	 * @param action what to change
	 */
	public MqttListenerDefinitionException(String description, String action) {
		super(description + ". " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Create an exception.
	 * @param description the listener (its id, bean and method) and what is wrong with it
	 * @param action what to change
	 * @param cause the exception that revealed the problem
	 */
	public MqttListenerDefinitionException(String description, String action, Throwable cause) {
		super(description + ". " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * The listener and what is wrong with it.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to change in the declaration, or in the beans or properties it names.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
