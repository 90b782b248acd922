package io.mqttspring.connection.transport;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The MQTT protocol versions a connection can speak.
 */
public enum MqttProtocolVersion {

	/** MQTT 3.1 (protocol name {@code MQIsdp}, level 3). */
	MQTT_3_1("3.1"),

	/** MQTT 3.1.1 (level 4). */
	MQTT_3_1_1("3.1.1"),

	/** MQTT 5.0 (level 5). */
	MQTT_5("5");

	private final String value;

	MqttProtocolVersion(String value) {
		this.value = value;
	}

	/**
	 * The version as written in {@code mqtt.protocol-version}.
	 * @return {@code 5}, {@code 3.1.1} or {@code 3.1}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether this is MQTT 5, with properties, reason codes and subscription options.
	 * @return whether MQTT 5
	 */
	public boolean isMqtt5() {
		return this == MQTT_5;
	}

	/**
	 * The version written as in {@code mqtt.protocol-version}.
	 * @param value {@code 5}, {@code 5.0}, {@code 3.1.1} or {@code 3.1}
	 * @return the version
	 * @throws IllegalArgumentException for any other value, naming the allowed ones
	 */
	public static MqttProtocolVersion of(String value) {
		String trimmed = (value != null) ? value.trim() : "";
		if (trimmed.equals("5.0")) {
			return MQTT_5;
		}
		for (MqttProtocolVersion version : values()) {
			if (version.value.equals(trimmed)) {
				return version;
			}
		}
		throw new IllegalArgumentException("Unknown MQTT protocol version '" + value + "': use one of "
				+ Arrays.stream(values()).map(MqttProtocolVersion::value).collect(Collectors.joining(", ")));
	}

	@Override
	public String toString() {
		return "MQTT " + this.value;
	}

}
