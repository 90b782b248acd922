package io.mqttspring.connection.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.SocketFactory;

/**
 * What a transport needs to know about its connection, whatever the client library.
 *
 * @param clientId the client identifier
 * @param serverUris the broker URIs the connection may try
 * @param protocolVersion the protocol version to speak
 * @param cleanStart whether to start a new session (MQTT 3.1.1: clean session)
 * @param sessionExpiry how long the broker keeps the session (MQTT 5 only)
 * @param keepAlive the keep-alive interval
 * @param connectionTimeout how long a network connect may take
 * @param will the last will, or {@code null}
 * @param socketFactory the socket factory (for TLS, from an SSL bundle), or {@code null}
 * for the library's default
 * @param verifyHostname whether the broker's certificate must match its host name
 * @param websocketHeaders extra headers of the WebSocket upgrade request
 * @param maxInFlight how many QoS 1 and 2 publishes may await acknowledgement at once,
 * for libraries that enforce a limit of their own
 * @param receiveMaximum how many QoS 1 and 2 publishes the broker may send before they are
 * acknowledged (MQTT 5 only)
 */
public record TransportSettings(String clientId, List<String> serverUris, MqttProtocolVersion protocolVersion,
		boolean cleanStart, Duration sessionExpiry, Duration keepAlive, Duration connectionTimeout, WillMessage will,
		SocketFactory socketFactory, boolean verifyHostname, Map<String, String> websocketHeaders, int maxInFlight,
		int receiveMaximum) {

	/**
	 * A last will and testament.
	 *
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS
	 * @param retained whether the broker retains it
	 * @param delay how long the broker waits before publishing it (MQTT 5 only)
	 * @param properties its MQTT 5 properties
	 */
	public record WillMessage(String topic, byte[] payload, int qos, boolean retained, Duration delay,
			MqttPublishProperties properties) {
	}

}
