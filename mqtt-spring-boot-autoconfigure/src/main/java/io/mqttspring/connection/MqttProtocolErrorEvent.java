package io.mqttspring.connection;

import io.mqttspring.connection.transport.MqttTransportException;

import org.springframework.integration.mqtt.event.MqttIntegrationEvent;

/**
 * Published when the broker broke the protocol without the connection being lost, such as
 * a packet the client could not process. Like Spring Integration's event of that name, but
 * for every transport: the cause does not depend on the client library.
 */
public class MqttProtocolErrorEvent extends MqttIntegrationEvent {

	public MqttProtocolErrorEvent(Object source, MqttTransportException cause) {
		super(source, cause);
	}

	@Override
	public String toString() {
		return "MqttProtocolErrorEvent [cause=" + getCause() + "]";
	}

}
