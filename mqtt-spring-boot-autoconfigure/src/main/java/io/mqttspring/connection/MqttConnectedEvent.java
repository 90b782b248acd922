package io.mqttspring.connection;

import org.springframework.integration.mqtt.event.MqttIntegrationEvent;

/**
 * Published when the shared client connected to a broker, the first time and after every
 * reconnect. It is a Spring Integration {@link MqttIntegrationEvent}, like the
 * connection-failed and subscribed events the client publishes too.
 */
public class MqttConnectedEvent extends MqttIntegrationEvent {

	private final String serverUri;

	private final boolean sessionPresent;

	private final boolean reconnect;

	public MqttConnectedEvent(Object source, String serverUri, boolean sessionPresent, boolean reconnect) {
		super(source);
		this.serverUri = serverUri;
		this.sessionPresent = sessionPresent;
		this.reconnect = reconnect;
	}

	/**
	 * The broker connected to.
	 * @return the server URI
	 */
	public String getServerUri() {
		return this.serverUri;
	}

	/**
	 * Whether the broker resumed a session.
	 * @return whether a session was present
	 */
	public boolean isSessionPresent() {
		return this.sessionPresent;
	}

	/**
	 * Whether this connect followed an earlier successful one.
	 * @return whether it is a reconnect
	 */
	public boolean isReconnect() {
		return this.reconnect;
	}

	@Override
	public String toString() {
		return "MqttConnectedEvent [serverUri=" + this.serverUri + ", sessionPresent=" + this.sessionPresent
				+ ", reconnect=" + this.reconnect + "]";
	}

}
