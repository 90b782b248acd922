package io.mqttspring.autoconfigure.endpoint;

import java.util.Comparator;
import java.util.List;

import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.ServerUris;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerEndpoint;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mqtt} actuator endpoint: the connections and the listeners, and a listener
 * stopped or started with {@code POST /actuator/mqtt/listeners/{id}} and
 * {@code {"running": false}}. It never shows a password: server URIs are shown without
 * their user information, and credentials are not shown at all.
 */
@Endpoint(id = "mqtt")
public class MqttEndpoint {

	private static final String LISTENERS = "listeners";

	private final List<SharedMqttClient> clients;

	private final MqttListenerEndpointRegistry registry;

	/**
	 * Create the endpoint.
	 * @param clients the clients of the connections
	 * @param registry the listener registry, or {@code null} without listeners
	 */
	public MqttEndpoint(List<SharedMqttClient> clients, MqttListenerEndpointRegistry registry) {
		this.clients = List.copyOf(clients);
		this.registry = registry;
	}

	@ReadOperation
	public MqttDescriptor mqtt() {
		return new MqttDescriptor(this.clients.stream().map(MqttEndpoint::connection).toList(), listeners(),
				subscriptions());
	}

	/**
	 * Stop or start a listener.
	 * @param collection {@code listeners}
	 * @param id the listener id
	 * @param running whether it should run
	 * @return the listener afterwards
	 */
	@WriteOperation
	public ListenerDescriptor listener(@Selector String collection, @Selector String id, boolean running) {
		if (!LISTENERS.equals(collection) || this.registry == null) {
			throw new InvalidEndpointRequestException("Unknown resource '" + collection + "': use listeners/{id}",
					"Unknown resource");
		}
		MqttListenerContainer container = this.registry.getListenerContainer(id);
		if (container == null) {
			throw new InvalidEndpointRequestException(
					"No listener with id '" + id + "'; listeners: " + this.registry.getListenerIds(), "Unknown listener");
		}
		if (running) {
			container.start();
		}
		else {
			container.stop();
		}
		return listener(container);
	}

	private List<ListenerDescriptor> listeners() {
		if (this.registry == null) {
			return List.of();
		}
		return this.registry.getListenerContainers()
			.stream()
			.sorted(Comparator.comparing((container) -> container.getEndpoint().id()))
			.map(MqttEndpoint::listener)
			.toList();
	}

	private List<SubscriptionDescriptor> subscriptions() {
		if (this.registry == null) {
			return List.of();
		}
		return this.registry.getSubscriptions()
			.stream()
			.map((subscription) -> new SubscriptionDescriptor(subscription.getTopicFilter(),
					subscription.getConnectionName()))
			.toList();
	}

	private static ConnectionDescriptor connection(SharedMqttClient client) {
		MqttConnectionStatus status = client.getStatus();
		return new ConnectionDescriptor(client.getConnectionName(), status.state().name(),
				ServerUris.withoutUserInfo(status.serverUri()), status.clientId(), client.getProtocolVersion().value(),
				status.sessionPresent(), status.inFlightPublishes(), status.bufferedPublishes(),
				status.bufferedBytes(), status.reconnects(), status.lastDisconnectReason());
	}

	private static ListenerDescriptor listener(MqttListenerContainer container) {
		MqttListenerEndpoint endpoint = container.getEndpoint();
		return new ListenerDescriptor(endpoint.id(), container.getConnectionName(), container.getTopicFilters(),
				endpoint.qos(), endpoint.group(), container.isRunning(), container.getMessagesHandled(),
				container.getFailures(), container.getQueueDepth());
	}

	/**
	 * What the endpoint reads.
	 *
	 * @param connections the connections
	 * @param listeners the listeners, by id
	 * @param subscriptions the subscriptions taken on demand
	 */
	public record MqttDescriptor(List<ConnectionDescriptor> connections, List<ListenerDescriptor> listeners,
			List<SubscriptionDescriptor> subscriptions) {
	}

	/**
	 * A subscription whose messages are taken on demand.
	 *
	 * @param topicFilter the topic filter
	 * @param connection the connection it is on
	 */
	public record SubscriptionDescriptor(String topicFilter, String connection) {
	}

	/**
	 * One connection.
	 *
	 * @param name the connection name ({@code default} for {@code mqtt.*})
	 * @param state the connection state
	 * @param serverUri the broker connected to, or last tried, without user information
	 * @param clientId the client id
	 * @param protocolVersion the MQTT protocol version
	 * @param sessionPresent whether the broker resumed a session
	 * @param inFlightPublishes publishes waiting for the broker's acknowledgement
	 * @param bufferedPublishes publishes waiting in the outbound buffer
	 * @param bufferedBytes their payload and topic bytes
	 * @param reconnects successful reconnects
	 * @param lastDisconnectReason why the last attempt failed or the connection was lost
	 */
	public record ConnectionDescriptor(String name, String state, String serverUri, String clientId,
			String protocolVersion, boolean sessionPresent, int inFlightPublishes, int bufferedPublishes,
			long bufferedBytes, long reconnects, String lastDisconnectReason) {
	}

	/**
	 * One listener.
	 *
	 * @param id the listener id
	 * @param connection the connection it subscribes on
	 * @param topicFilters the filters subscribed at the broker
	 * @param qos the QoS
	 * @param group the shared-subscription group, or {@code null}
	 * @param running whether it is subscribed and processing
	 * @param messagesHandled how many messages its method was invoked with
	 * @param failures how many invocations failed
	 * @param queueDepth how many received messages wait for its threads
	 */
	public record ListenerDescriptor(String id, String connection, List<String> topicFilters, int qos, String group,
			boolean running, long messagesHandled, long failures, int queueDepth) {
	}

}
