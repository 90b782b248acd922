package io.mqttspring.connection.transport;

import java.util.Objects;

/**
 * An MQTT 5 user property: a name and a value, both UTF-8 strings; a name may occur more
 * than once in a message.
 *
 * @param name the name
 * @param value the value
 */
public record UserProperty(String name, String value) {

	public UserProperty {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(value, "value must not be null");
	}

}
