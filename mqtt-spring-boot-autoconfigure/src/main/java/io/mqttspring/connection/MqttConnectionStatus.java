package io.mqttspring.connection;

/**
 * A snapshot of the shared connection, for health checks and diagnostics.
 *
 * @param state the connection state
 * @param serverUri the broker connected to, or last tried
 * @param clientId the client identifier
 * @param sessionPresent whether the broker resumed a session on the last connect
 * @param reconnects successful connects after the first one
 * @param connectionLosses how often an established connection was lost
 * @param sessionTakeovers how often the broker disconnected us because another client
 * connected with the same client id
 * @param lastDisconnectReason why the last attempt failed or the connection was lost,
 * or {@code null}
 * @param inFlightPublishes publishes waiting for the broker's acknowledgement
 * @param bufferedPublishes publishes waiting in the outbound buffer to be sent
 * @param bufferedBytes the payload and topic bytes of the buffered publishes
 */
public record MqttConnectionStatus(MqttConnectionState state, String serverUri, String clientId,
		boolean sessionPresent, long reconnects, long connectionLosses, long sessionTakeovers,
		String lastDisconnectReason, int inFlightPublishes, int bufferedPublishes, long bufferedBytes) {
}
