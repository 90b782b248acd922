package io.mqttspring.autoconfigure;

/**
 * A persistent session ({@code clean-start=false}) that could not keep anything: the
 * session expires at every disconnect, or belongs to a client id that is random on every
 * start. Named after the property that is missing, whose value is the default: Spring
 * Boot's own analyzer would report that default (or {@code null}) as the invalid value and
 * not name the setting that asked for a persistent session.
 */
public class InvalidPersistentSessionException extends RefusedMqttConfigurationException {

	/**
	 * Create an exception.
	 * @param name the property that must be set
	 * @param value its value
	 * @param description what the configuration asks for and why it cannot work
	 * @param action what to change
	 */
	public InvalidPersistentSessionException(String name, Object value, String description, String action) {
		super(name, value, description, action);
	}

}
