package io.mqttspring.connection;

import java.util.List;

import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransportException;

/**
 * The first connect of a client that must not start without its broker ({@code failFast})
 * failed at every server URI. It says where the client tried to connect, as whom, and why
 * the last attempt failed.
 */
public class MqttConnectException extends IllegalStateException {

	private final List<String> serverUris;

	private final String clientId;

	private final MqttProtocolVersion protocolVersion;

	private final String reason;

	private final TlsProblem tlsProblem;

	private final MqttTransportException failure;

	/**
	 * Create an exception.
	 * @param serverUris the broker URIs tried
	 * @param clientId the client id
	 * @param protocolVersion the protocol version asked for
	 * @param reason why the last attempt failed, as logged
	 * @param tlsProblem what the failure says about the TLS set-up, or {@code null}
	 * @param failure the failure of the last attempt
	 */
	public MqttConnectException(List<String> serverUris, String clientId, MqttProtocolVersion protocolVersion,
			String reason, TlsProblem tlsProblem, MqttTransportException failure) {
		super("Could not connect to MQTT broker " + serverUris + " as '" + clientId + "' and fail-fast is enabled: "
				+ reason, failure);
		this.serverUris = List.copyOf(serverUris);
		this.clientId = clientId;
		this.protocolVersion = protocolVersion;
		this.reason = reason;
		this.tlsProblem = tlsProblem;
		this.failure = failure;
	}

	/**
	 * The broker URIs the client tried, in order.
	 * @return the server URIs
	 */
	public List<String> getServerUris() {
		return this.serverUris;
	}

	/**
	 * The client id the client connected with.
	 * @return the client id
	 */
	public String getClientId() {
		return this.clientId;
	}

	/**
	 * The protocol version the client asked for.
	 * @return the protocol version
	 */
	public MqttProtocolVersion getProtocolVersion() {
		return this.protocolVersion;
	}

	/**
	 * Why the last attempt failed, as the client logs it: with the broker's reason code
	 * where there is one, and TLS failures explained.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What the failure of the last attempt says about the TLS set-up.
	 * @return the problem, or {@code null} when it was not a TLS failure
	 */
	public TlsProblem getTlsProblem() {
		return this.tlsProblem;
	}

	/**
	 * The failure of the last attempt, with its kind and the broker's reason code.
	 * @return the failure
	 */
	public MqttTransportException getFailure() {
		return this.failure;
	}

}
