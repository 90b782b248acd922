package io.mqttspring.connection.transport;

/**
 * What the broker granted when it accepted a connection. A transport for MQTT 3.1.1 and
 * 3.1 fills in the facts of those versions: no subscription identifiers, and its own
 * in-flight limit as the receive maximum.
 *
 * @param serverUri the broker connected to
 * @param sessionPresent whether the broker resumed a session
 * @param receiveMaximum how many QoS 1 and 2 publishes may await acknowledgement at once
 * @param maximumPacketSize the largest packet the broker accepts, 0 when it set no limit
 * @param subscriptionIdentifiersAvailable whether subscription identifiers may be used
 */
public record ConnectResult(String serverUri, boolean sessionPresent, int receiveMaximum, long maximumPacketSize,
		boolean subscriptionIdentifiersAvailable) {

	/** The Receive Maximum of a broker that announces none (MQTT 5, section 3.2.2.3.3). */
	public static final int UNLIMITED_RECEIVE_MAXIMUM = 65_535;

}
