package io.mqttspring.connection.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a wire client does for the shared connection, in terms that do not depend on the
 * client library: one connection at a time, one connect attempt per call, no
 * reconnecting, retrying, buffering or acknowledging of its own. Everything above it
 * (supervision, back-off, failover, subscriptions and routing, flow control,
 * acknowledgement order) is written once, in {@code io.mqttspring.connection}.
 * <p>
 * Implementations: one per client library and protocol family, in sub-packages. A
 * transport reports to the {@link TransportListener} it was given on its own threads.
 */
public interface MqttTransport extends AutoCloseable {

	/**
	 * The client identifier it connects with.
	 * @return the client id
	 */
	String clientId();

	/**
	 * The protocol version it speaks.
	 * @return the version
	 */
	MqttProtocolVersion protocolVersion();

	/**
	 * Set who receives messages and connection losses; once, before the first connect.
	 * @param listener the listener
	 */
	void setListener(TransportListener listener);

	/**
	 * Make one connect attempt. A time-out of the transport's own covers at most the
	 * network connect; the caller gives up an unanswered attempt with
	 * {@link #abandonConnect()}.
	 * @param request the broker and credentials
	 * @return the future of what the broker granted; it fails with an
	 * {@link MqttTransportException}
	 */
	CompletableFuture<ConnectResult> connect(ConnectRequest request);

	/**
	 * Give up a connect attempt in progress, or close a connection without DISCONNECT.
	 */
	void abandonConnect();

	/**
	 * Close the connection cleanly (DISCONNECT: the broker does not publish the will).
	 * @param timeout how long to wait for the connection to close
	 */
	void disconnect(Duration timeout);

	/**
	 * Whether the connection is up, as far as the transport knows.
	 * @return whether connected
	 */
	boolean isConnected();

	/**
	 * Send a message; never waits.
	 * @param message the message
	 * @param acknowledged called with the broker's answer (PUBACK or PUBREC for QoS 1
	 * and 2, or once written for QoS 0), on a transport thread; not called when the
	 * connection is lost first
	 * @throws MqttTransportException {@link MqttTransportException.Kind#NOT_CONNECTED}
	 * or {@link MqttTransportException.Kind#BUSY} when nothing was sent, or another kind
	 * when the message cannot be sent at all
	 */
	void publish(OutboundPublish message, Consumer<PublishAck> acknowledged) throws MqttTransportException;

	/**
	 * Subscribe to filters.
	 * @param subscriptions the filters
	 * @return the future of the broker's answer per filter, in order
	 */
	CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions);

	/**
	 * Unsubscribe from filters.
	 * @param topicFilters the filters
	 * @return the future of the broker's answer
	 */
	CompletableFuture<Void> unsubscribe(List<String> topicFilters);

	/**
	 * Send the acknowledgement of a received message now (PUBACK for QoS 1; PUBCOMP for
	 * QoS 2 where {@link #completesQos2OnAcknowledge()}).
	 * @param message the message
	 * @throws MqttTransportException if it could not be sent
	 */
	void acknowledge(InboundPublish message) throws MqttTransportException;

	/**
	 * Whether the application completes QoS 2 deliveries with {@link #acknowledge}: the
	 * broker then sends an unacknowledged QoS 2 message again after a reconnect with a
	 * persistent session. Otherwise the client library completes them itself, before the
	 * application saw them.
	 * @return whether QoS 2 waits for {@link #acknowledge}
	 */
	boolean completesQos2OnAcknowledge();

	/**
	 * Whether publishes in flight when the connection is lost are sent again by the
	 * transport itself after the next connect (with their packet identifiers, as MQTT
	 * requires of a persistent session), so that the caller must not send them again.
	 * @return whether the transport resends its QoS 1 and 2 publishes in flight
	 */
	boolean resendsInFlightPublishes();

	/**
	 * The size on the wire of the PUBLISH packet carrying the message, to refuse one the
	 * broker would not accept.
	 * @param message the message
	 * @return the packet size in bytes
	 */
	long packetSize(OutboundPublish message);

	/**
	 * Release the client's resources; the transport cannot be used again.
	 */
	@Override
	void close();

}
