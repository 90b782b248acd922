package io.mqttspring.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The client library that {@code mqtt.transport} names cannot serve the connection: it is
 * not on the class path, or it does not speak {@code mqtt.protocol-version}.
 */
public class UnavailableMqttTransportException extends InvalidConfigurationPropertyValueException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param name the property to change
	 * @param value its value
	 * @param description what the configuration asks for and why it cannot work
	 * @param action what to change or add
	 */
	public UnavailableMqttTransportException(String name, Object value, String description, String action) {
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
