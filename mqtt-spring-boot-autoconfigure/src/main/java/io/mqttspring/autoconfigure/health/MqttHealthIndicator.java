package io.mqttspring.autoconfigure.health;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.ServerUris;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the shared MQTT connection: {@code UP} while connected, {@code DOWN} otherwise,
 * with the connection's state and history as details. Credentials never appear: a server
 * URI with user information is shown without it.
 */
public class MqttHealthIndicator extends AbstractHealthIndicator {

	private final SharedMqttClient client;

	public MqttHealthIndicator(SharedMqttClient client) {
		super("MQTT health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MqttConnectionStatus status = this.client.getStatus();
		if (status.state() == MqttConnectionState.CONNECTED) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("state", status.state())
			.withDetail("serverUri", ServerUris.withoutUserInfo(status.serverUri()))
			.withDetail("clientId", status.clientId())
			.withDetail("reconnects", status.reconnects())
			.withDetail("sessionPresent", status.sessionPresent())
			.withDetail("inFlightPublishes", status.inFlightPublishes())
			.withDetail("bufferedPublishes", status.bufferedPublishes())
			.withDetail("bufferedBytes", status.bufferedBytes());
		if (status.lastDisconnectReason() != null) {
			builder.withDetail("lastDisconnectReason", status.lastDisconnectReason());
		}
	}

}
