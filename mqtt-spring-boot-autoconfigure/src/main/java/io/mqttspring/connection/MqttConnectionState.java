package io.mqttspring.connection;

/**
 * The state of the shared MQTT connection.
 */
public enum MqttConnectionState {

	/** The first connection attempt is under way or waiting for its next try. */
	CONNECTING,

	/** Connected to a broker. */
	CONNECTED,

	/** The connection was lost and is being re-established. */
	RECONNECTING,

	/** Not connected and not trying: before start or after stop. */
	DISCONNECTED

}
