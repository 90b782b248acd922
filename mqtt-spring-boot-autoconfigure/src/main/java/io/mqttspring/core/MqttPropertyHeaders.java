package io.mqttspring.core;

/**
 * Header names, inbound and outbound, for MQTT 5 properties that Spring Integration's
 * {@link org.springframework.integration.mqtt.support.MqttHeaders} has no constant for.
 */
public final class MqttPropertyHeaders {

	/**
	 * The MQTT 5 payload format indicator: {@code true} (or 1) declares the payload UTF-8
	 * text. Independent of the content type.
	 */
	public static final String PAYLOAD_FORMAT_INDICATOR = "mqtt_payloadFormatIndicator";

	private MqttPropertyHeaders() {
	}

}
