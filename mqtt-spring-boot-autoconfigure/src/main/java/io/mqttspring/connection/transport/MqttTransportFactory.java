package io.mqttspring.connection.transport;

import java.util.Set;

/**
 * Creates the transports of one client library. The auto-configuration picks the one
 * whose {@link #name()} is {@code mqtt.transport} and that speaks the configured protocol
 * version.
 */
public interface MqttTransportFactory {

	/**
	 * The name of the client library, as in {@code mqtt.transport}: {@code paho} or
	 * {@code hivemq}.
	 * @return the name
	 */
	String name();

	/**
	 * The protocol versions its transports speak.
	 * @return the versions
	 */
	Set<MqttProtocolVersion> protocolVersions();

	/**
	 * Create a transport; it connects when asked to.
	 * @param settings the connection's settings
	 * @return the transport
	 * @throws IllegalArgumentException if the settings cannot work with this library
	 */
	MqttTransport create(TransportSettings settings);

}
