package io.mqttspring.connection;

/**
 * The user name and password a connection presents to the broker.
 *
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 */
public record MqttCredentials(String username, char[] password) {

	@Override
	public String toString() {
		// Never the password
		return "MqttCredentials[username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + "]";
	}

}
