package io.mqttspring.docs.observability;

import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.stereotype.Component;

/**
 * A one-line description of the connection, for docs/observability.md.
 */
@Component
public class ConnectionReport {

	private final SharedMqttClient client;

	public ConnectionReport(SharedMqttClient client) {
		this.client = client;
	}

	// tag::status[]
	public String describe() {
		MqttConnectionStatus status = this.client.getStatus();
		String report = status.state() + " to " + status.serverUri() + " as " + status.clientId() + ", "
				+ status.reconnects() + " reconnects, " + status.connectionLosses() + " connections lost";
		return (status.lastDisconnectReason() != null) ? report + ", last: " + status.lastDisconnectReason() : report;
	}
	// end::status[]

}
