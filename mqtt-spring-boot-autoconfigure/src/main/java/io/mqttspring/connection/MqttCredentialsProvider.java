package io.mqttspring.connection;

/**
 * Supplies the credentials of a connection, asked again before every connect attempt, so
 * that credentials that expire (tokens, SAS signatures, passwords from a vault) are fresh
 * at every connect and reconnect.
 */
@FunctionalInterface
public interface MqttCredentialsProvider {

	/**
	 * The credentials to connect with now.
	 * @param connectionName the name of the connection: {@code default}, or the name of a
	 * connection under {@code mqtt.connections}
	 * @return the credentials, or {@code null} to connect without
	 */
	MqttCredentials credentials(String connectionName);

}
