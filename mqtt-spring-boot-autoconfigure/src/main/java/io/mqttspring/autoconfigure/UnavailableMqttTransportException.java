package io.mqttspring.autoconfigure;

/**
 * The client library that {@code mqtt.transport} names cannot serve the connection: it is
 * not on the class path, or it does not speak {@code mqtt.protocol-version}.
 */
public class UnavailableMqttTransportException extends RefusedMqttConfigurationException {

	/**
	 * Create an exception.
	 * @param name the property to change
	 * @param value its value
	 * @param description what the configuration asks for and why it cannot work
	 * @param action what to change or add
	 */
	public UnavailableMqttTransportException(String name, Object value, String description, String action) {
		super(name, value, description, action);
	}

}
