package io.mqttspring.connection.transport;

/**
 * One connect attempt: the broker to try and the credentials to present.
 *
 * @param serverUri the broker URI ({@code tcp}, {@code ssl}, {@code ws} or {@code wss})
 * @param username the user name or {@code null}
 * @param password the password or {@code null}
 */
public record ConnectRequest(String serverUri, String username, char[] password) {

	@Override
	public String toString() {
		// Never the password
		return "ConnectRequest[serverUri=" + this.serverUri + ", username=" + this.username + "]";
	}

}
