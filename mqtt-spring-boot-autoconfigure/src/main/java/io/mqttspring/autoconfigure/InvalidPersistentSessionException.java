package io.mqttspring.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * A persistent session ({@code clean-start=false}) that could not keep anything: the
 * session expires at every disconnect, or belongs to a client id that is random on every
 * start. Named after the property that is missing, whose value is the default.
 */
public class InvalidPersistentSessionException extends InvalidConfigurationPropertyValueException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param name the property that must be set
	 * @param value its value
	 * @param description what the configuration asks for and why it cannot work
	 * @param action what to change
	 */
	public InvalidPersistentSessionException(String name, Object value, String description, String action) {
		super(name, value, description + " " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * What the configuration asks for and why it cannot work.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
