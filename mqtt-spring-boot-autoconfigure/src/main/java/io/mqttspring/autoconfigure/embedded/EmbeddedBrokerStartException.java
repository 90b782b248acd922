package io.mqttspring.autoconfigure.embedded;

/**
 * The embedded MQTT broker could not start, most often because another process listens
 * on its port.
 */
public class EmbeddedBrokerStartException extends IllegalStateException {

	private final int port;

	private final boolean portInUse;

	private final String reason;

	/**
	 * Create an exception.
	 * @param port the port the broker was to listen on
	 * @param portInUse whether another process listens on the port
	 * @param reason why the broker did not start
	 * @param cause the failure, or {@code null}
	 */
	public EmbeddedBrokerStartException(int port, boolean portInUse, String reason, Throwable cause) {
		super("Could not start the embedded MQTT broker on port " + port + ": " + reason, cause);
		this.port = port;
		this.portInUse = portInUse;
		this.reason = reason;
	}

	/**
	 * The port the broker was to listen on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Why the broker did not start.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Whether the broker did not start because another process listens on its port.
	 * @return whether the port is in use
	 */
	public boolean isPortInUse() {
		return this.portInUse;
	}

}
