package io.mqttspring.connection.transport;

/**
 * Receives what a transport reports. Called on the transport's own threads: it must
 * return quickly and never wait for the transport.
 */
public interface TransportListener {

	/**
	 * A message arrived; it is acknowledged when {@link MqttTransport#acknowledge} is
	 * called for it (QoS 1, and QoS 2 where the transport lets the application complete
	 * it).
	 * @param message the message
	 */
	void messageArrived(InboundPublish message);

	/**
	 * The connection, once established, is gone; the transport does not reconnect by
	 * itself.
	 * @param cause why, as {@link MqttTransportException.Kind#CONNECTION_LOST},
	 * {@link MqttTransportException.Kind#SERVER_DISCONNECT} (with the broker's reason code)
	 * or {@link MqttTransportException.Kind#UNDECODABLE_REPLY}
	 */
	void connectionLost(MqttTransportException cause);

	/**
	 * The broker broke the protocol without the connection being lost, such as a packet
	 * the client could not process.
	 * @param error the error
	 */
	default void protocolError(MqttTransportException error) {
	}

}
