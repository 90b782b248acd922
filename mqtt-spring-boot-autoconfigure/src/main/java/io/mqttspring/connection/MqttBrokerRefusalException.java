package io.mqttspring.connection;

import io.mqttspring.connection.transport.MqttReasonCodes;

/**
 * The broker answered a request with a failure reason code (MQTT 5, 0x80 and above).
 */
public class MqttBrokerRefusalException extends Exception {

	private final int reasonCode;

	public MqttBrokerRefusalException(String message, int reasonCode) {
		super(message + ": broker answered with reason code " + MqttReasonCodes.describe(reasonCode));
		this.reasonCode = reasonCode;
	}

	/**
	 * The MQTT 5 reason code the broker answered with.
	 * @return the reason code
	 */
	public int getReasonCode() {
		return this.reasonCode;
	}

}
