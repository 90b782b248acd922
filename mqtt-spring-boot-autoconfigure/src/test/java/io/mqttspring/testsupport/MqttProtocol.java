package io.mqttspring.testsupport;

/**
 * The MQTT protocol versions the tests speak from outside the starter, with the names
 * {@code mosquitto_pub -V} and {@code mosquitto_sub -V} know them by and the protocol
 * level a CONNECT packet carries.
 */
public enum MqttProtocol {

	/**
	 * MQTT 5.0.
	 */
	MQTT_5("mqttv5", "MQTT", 5),

	/**
	 * MQTT 3.1.1.
	 */
	MQTT_3_1_1("mqttv311", "MQTT", 4),

	/**
	 * MQTT 3.1, whose CONNECT names the protocol {@code MQIsdp}.
	 */
	MQTT_3_1("mqttv31", "MQIsdp", 3);

	private final String mosquittoName;

	private final String protocolName;

	private final int level;

	MqttProtocol(String mosquittoName, String protocolName, int level) {
		this.mosquittoName = mosquittoName;
		this.protocolName = protocolName;
		this.level = level;
	}

	/**
	 * The value of the Mosquitto clients' {@code -V} option.
	 * @return for example {@code mqttv311}
	 */
	public String mosquittoName() {
		return this.mosquittoName;
	}

	/**
	 * The protocol name in the CONNECT packet's variable header.
	 * @return {@code MQTT} or {@code MQIsdp}
	 */
	public String protocolName() {
		return this.protocolName;
	}

	/**
	 * The protocol level in the CONNECT packet's variable header.
	 * @return 5, 4 or 3
	 */
	public int level() {
		return this.level;
	}

}
