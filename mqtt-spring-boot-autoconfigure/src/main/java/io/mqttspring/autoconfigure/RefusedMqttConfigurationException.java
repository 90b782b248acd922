package io.mqttspring.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * An {@code mqtt.*} value that binds but cannot work, explained: what the configuration
 * asks for and why it cannot work, and what to change. Spring Boot's analyzer of invalid
 * property values would only say to review the value it names, so
 * {@link RefusedMqttConfigurationFailureAnalyzer} reports these first.
 */
public abstract class RefusedMqttConfigurationException extends InvalidConfigurationPropertyValueException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param name the property to change or set
	 * @param value its value
	 * @param description what the configuration asks for and why it cannot work
	 * @param action what to change or add
	 */
	protected RefusedMqttConfigurationException(String name, Object value, String description, String action) {
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
	 * What to change or add.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
