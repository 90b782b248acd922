package io.mqttspring.connection;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttReasonCodes;
import io.mqttspring.connection.transport.MqttTopics;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.TransportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * One MQTT connection of an application, shared by its template and every listener on it.
 * It puts together, over one {@link MqttTransport} (the wire client of the protocol
 * version):
 * <ul>
 * <li>{@link ConnectionSupervisor}: connecting in the background (or at once, failing the
 * start, with {@code failFast}), reconnecting with back-off, failover across the server
 * URIs, state, status and events;</li>
 * <li>{@link SubscriptionRegistry}: the filters of the handlers, subscribed again when the
 * broker has no session for them, and the routing of every message, which arrives through
 * one callback, to the handlers whose filters it matches;</li>
 * <li>{@link InboundAcknowledgements}: acknowledgements sent in the order the messages
 * arrived, once their handlers settled them;</li>
 * <li>{@link PublishPipeline}: the bounded outbound buffer, the in-flight window, and
 * publishes sent again after a connection loss.</li>
 * </ul>
 * On shutdown it waits for the publishes in flight and in the buffer, then disconnects
 * cleanly, so the broker does not send the will. Subscriptions are not removed at the
 * broker on shutdown, so a persistent session keeps them, and messages arriving after the
 * listeners stopped are not acknowledged, so a persistent session delivers them again on
 * the next start.
 */
public class SharedMqttClient
		implements SmartLifecycle, DisposableBean, ApplicationContextAware, ApplicationListener<ContextClosedEvent> {

	/**
	 * The lifecycle phase of the client: it starts before and stops after the listeners.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 1000;

	/** The name of the connection configured with {@code mqtt.*}. */
	public static final String DEFAULT_CONNECTION_NAME = "default";

	private static final Log logger = LogFactory.getLog(SharedMqttClient.class);

	private static final Duration MAX_SHUTDOWN_WAIT = Duration.ofMinutes(5);

	private final MqttTransport transport;

	private final boolean failFast;

	private final Duration connectionTimeout;

	private final ScheduledExecutorService connectExecutor;

	private final ScheduledThreadPoolExecutor publishTimer;

	private final ConnectionSupervisor supervisor;

	private final SubscriptionRegistry subscriptions;

	private final InboundAcknowledgements acknowledgements;

	private final PublishPipeline publishes;

	private final Object lifecycleMonitor = new Object();

	private String connectionName = DEFAULT_CONNECTION_NAME;

	private ApplicationContext applicationContext;

	private volatile boolean running;

	private volatile boolean closing;

	private volatile long maximumPacketSize;

	/**
	 * Create a client; nothing connects until {@link #start()}.
	 * @param transport the wire client, which this client owns from now on
	 * @param serverUris the broker URIs to try, in order
	 * @param reconnectBackOff the delays between connect attempts
	 * @param connectionTimeout how long a connect attempt may take until the broker's
	 * CONNACK
	 * @param failFast whether {@link #start()} connects synchronously and fails when the
	 * broker cannot be reached
	 */
	public SharedMqttClient(MqttTransport transport, List<String> serverUris, BackOff reconnectBackOff,
			Duration connectionTimeout, boolean failFast) {
		Assert.isTrue(serverUris != null && !serverUris.isEmpty(), "At least one server URI is required");
		this.transport = Objects.requireNonNull(transport, "transport must not be null");
		this.failFast = failFast;
		this.connectionTimeout = connectionTimeout;
		String clientId = transport.clientId();
		this.connectExecutor = Executors.newSingleThreadScheduledExecutor(daemonThreads("mqtt-connect-" + clientId));
		this.publishTimer = new ScheduledThreadPoolExecutor(1, daemonThreads("mqtt-publish-timeouts-" + clientId));
		this.publishes = new PublishPipeline(this, this.publishTimer, this::describeConnection, this::send);
		this.acknowledgements = new InboundAcknowledgements(this::acknowledge, transport.completesQos2OnAcknowledge());
		this.subscriptions = new SubscriptionRegistry(this::unsubscribe, transport.protocolVersion().isMqtt5());
		this.supervisor = new ConnectionSupervisor(transport, serverUris, reconnectBackOff, connectionTimeout,
				this.connectExecutor, this, this::publishEvent, new ConnectionCallbacks());
		transport.setListener(new InboundListener());
	}

	private static ThreadFactory daemonThreads(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private String describeConnection() {
		MqttConnectionState state = getState();
		String lastFailure = getLastDisconnectReason();
		return "client '" + getClientId() + "' to " + getCurrentServerUri() + " is " + state
				+ ((state != MqttConnectionState.CONNECTED && lastFailure != null) ? " (last failure: " + lastFailure
						+ ")" : "");
	}

	/**
	 * Set the name of this connection, given to the credentials provider.
	 * @param connectionName the name; {@value #DEFAULT_CONNECTION_NAME} by default
	 */
	public void setConnectionName(String connectionName) {
		this.connectionName = connectionName;
	}

	/**
	 * The name of this connection.
	 * @return the name
	 */
	public String getConnectionName() {
		return this.connectionName;
	}

	/**
	 * Set where the credentials come from; asked before every connect attempt.
	 * @param credentialsProvider the provider
	 */
	public void setCredentialsProvider(MqttCredentialsProvider credentialsProvider) {
		this.supervisor.setCredentials(() -> credentialsProvider.credentials(this.connectionName));
	}

	/**
	 * Set how long a connection must stay up before the reconnect back-off starts again
	 * from its first delay; a connection that came after a longer delay must outlive that
	 * delay.
	 * @param backOffResetAfter the time; 10 seconds by default
	 */
	public void setBackOffResetAfter(Duration backOffResetAfter) {
		this.supervisor.setBackOffResetAfter(backOffResetAfter);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.applicationContext) {
			this.closing = true;
		}
	}

	/**
	 * Publish a message. It waits in the outbound buffer while the client connects or
	 * reconnects, or for an in-flight slot, and is sent again when its connection is lost
	 * before the broker acknowledged it. When the buffer is full the calling thread waits
	 * for room, for at most the time set with {@link #setBufferLimits}; a thread that
	 * receives for this client never waits.
	 * @param message the message
	 * @param timeout how long the broker may take to acknowledge it (or, at QoS 0, until
	 * it is written), counted from now
	 * @return the future of the broker's acknowledgement (QoS 1 and 2) or of the write
	 * (QoS 0); it fails with {@link MqttBrokerRefusalException} when the broker refused the
	 * message, with {@link PublishRejectedException} when the publish was given up (no
	 * room, time-out, stopping), or with an {@link IllegalArgumentException} for a message
	 * the broker cannot take
	 */
	public CompletableFuture<PublishAck> publish(OutboundPublish message, Duration timeout) {
		long maximumPacketSize = this.maximumPacketSize;
		if (maximumPacketSize > 0) {
			long size = this.transport.packetSize(message);
			if (size > maximumPacketSize) {
				return CompletableFuture.failedFuture(new IllegalArgumentException("the message is " + size
						+ " bytes on the wire, but the broker accepts packets of at most " + maximumPacketSize
						+ " bytes (its Maximum Packet Size)"));
			}
		}
		return this.publishes.submit(message, timeout);
	}

	private PublishPipeline.SendResult send(PendingPublish publish, int attempt) {
		try {
			this.transport.publish(publish.message(), (ack) -> {
				ClientThreads.markReceiving(this);
				if (MqttReasonCodes.isFailure(ack.reasonCode())) {
					this.publishes.failed(publish, attempt, new MqttBrokerRefusalException(
							"Publish to '" + publish.message().topic() + "' refused", ack.reasonCode()));
				}
				else {
					this.publishes.acknowledged(publish, attempt, ack);
				}
			});
			return PublishPipeline.SendResult.SENT;
		}
		catch (MqttTransportException ex) {
			return switch (ex.getKind()) {
				case NOT_CONNECTED -> PublishPipeline.SendResult.NOT_CONNECTED;
				case BUSY -> PublishPipeline.SendResult.BUSY;
				default -> throw new IllegalStateException(
						"Could not send the message: " + FailureMessages.describe(ex), ex);
			};
		}
	}

	/**
	 * Subscribe a handler to a topic filter. The broker subscription is made now when
	 * connected, else as soon as the connection is up, and again after every reconnect
	 * without a session.
	 * @param topicFilter the topic filter, optionally as {@code $share/<group>/<filter>}
	 * @param qos the maximum QoS to receive at
	 * @param handler the handler for matching messages
	 * @return a handle to remove the subscription with
	 * @throws IllegalArgumentException if the filter or the QoS is not valid
	 */
	public MqttSubscriptionHandle subscribe(String topicFilter, int qos, MqttMessageHandler handler) {
		Objects.requireNonNull(handler, "handler must not be null");
		Assert.isTrue(qos >= 0 && qos <= 2, () -> "QoS must be 0, 1 or 2 but was " + qos);
		MqttTopics.validateTopicFilter(topicFilter);
		SubscriptionRegistry.Added added = this.subscriptions.add(topicFilter, qos, handler);
		if (added.toSubscribe() != null && this.transport.isConnected()) {
			sendSubscribe(List.of(added.toSubscribe()));
		}
		return added.registration();
	}

	private void unsubscribe(SubscriptionRegistry.Registration registration) {
		boolean lastHandler = this.subscriptions.remove(registration);
		// On shutdown the DISCONNECT follows: a persistent session keeps its subscriptions
		if (lastHandler && !this.closing && this.transport.isConnected()) {
			this.transport.unsubscribe(List.of(registration.getTopicFilter())).whenComplete((done, failure) -> {
				if (failure != null) {
					logger.warn("Could not unsubscribe from '" + registration.getTopicFilter() + "': "
							+ FailureMessages.describe(failure));
				}
			});
		}
	}

	private void sendSubscribe(List<SubscriptionRegistry.BrokerSubscription> toSubscribe) {
		for (SubscriptionRegistry.BrokerSubscription subscription : toSubscribe) {
			this.transport.subscribe(List.of(this.subscriptions.request(subscription)))
				.whenComplete((results, failure) -> {
					if (failure != null) {
						logger.warn("Could not subscribe to '" + subscription.topicFilter() + "': "
								+ FailureMessages.describe(failure));
					}
					else {
						subscribed(subscription, results.get(0));
					}
				});
		}
	}

	private void subscribed(SubscriptionRegistry.BrokerSubscription subscription, SubscribeResult result) {
		if (!result.isGranted()) {
			logger.error("MQTT broker " + getCurrentServerUri() + " refused the subscription to '"
					+ result.topicFilter() + "' with reason code " + MqttReasonCodes.describe(result.reasonCode())
					+ ": its listeners receive nothing from it");
			subscription.refused(new MqttBrokerRefusalException(
					"Subscription to '" + result.topicFilter() + "' refused", result.reasonCode()));
			publishEvent(new MqttSubscriptionRefusedEvent(this, result.topicFilter(), result.reasonCode()));
			return;
		}
		subscription.subscribed(result.reasonCode());
		if (logger.isDebugEnabled()) {
			logger.debug("Subscribed to '" + result.topicFilter() + "' at QoS " + result.reasonCode());
		}
		publishEvent(new MqttSubscribedEvent(this,
				"Subscribed to '" + result.topicFilter() + "' at QoS " + subscription.qos()));
	}

	private void dispatch(InboundPublish message) {
		List<SubscriptionRegistry.Registration> handlers = this.subscriptions.route(message);
		if (handlers.isEmpty() && this.closing) {
			// The listeners are gone: unacknowledged, a persistent session delivers it again
			// on the next start
			return;
		}
		InboundAcknowledgements.Settlement settlement = this.acknowledgements.received(message, handlers.size());
		for (SubscriptionRegistry.Registration registration : handlers) {
			registration.deliver(new MqttInboundDelivery(message, settlement));
		}
	}

	private void acknowledge(InboundPublish message) {
		try {
			this.transport.acknowledge(message);
		}
		catch (MqttTransportException ex) {
			logger.warn("Could not acknowledge message " + message.packetId() + " from '" + message.topic() + "': "
					+ FailureMessages.describe(ex));
		}
	}

	// Paho drops the connection on a reply it cannot decode, such as Mosquitto's PUBACK 0x95
	// for a message over its message_size_limit, and the HiveMQ client on a reply the
	// protocol does not allow, such as RabbitMQ 3.10's PUBACK to a QoS 2 PUBLISH; either then
	// fails every publish in flight alike. Brokers answer publishes in order, so the oldest
	// unanswered one was refused.
	private static Throwable undecodableReply(OutboundPublish publish, MqttTransportException cause) {
		return new IllegalStateException("the broker answered with a reply the client could not accept ("
				+ FailureMessages.describe(cause) + "), so the client dropped the connection (Mosquitto answers a "
				+ "message over its message_size_limit with PUBACK 0x95, RabbitMQ 3.10 a QoS 2 message with a "
				+ "PUBACK; this message has QoS " + publish.qos() + " and " + publish.payload().length
				+ " payload bytes). The publishes behind it are sent again after the reconnect");
	}

	/**
	 * Start connecting in the background or, with {@code failFast}, connect now.
	 * @throws MqttConnectException with {@code failFast}, when no server URI accepted the
	 * connection
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.closing = false;
		}
		this.publishes.startAccepting();
		if (this.failFast) {
			try {
				this.supervisor.startOrFail();
			}
			catch (RuntimeException ex) {
				this.running = false;
				throw ex;
			}
		}
		else {
			this.supervisor.start();
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * Stop in the background: wait for the publishes in flight and in the buffer (for at
	 * most as long as Spring waits for this lifecycle phase,
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}), then disconnect cleanly.
	 * @param callback run when stopped
	 */
	@Override
	public void stop(Runnable callback) {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				callback.run();
				return;
			}
			this.running = false;
		}
		this.publishes.stopAccepting();
		this.supervisor.stop();
		Thread shutdown = new Thread(() -> {
			try {
				awaitPendingPublishes();
				this.transport.disconnect(this.connectionTimeout);
				logger.info("Disconnected from MQTT broker " + getCurrentServerUri());
			}
			finally {
				this.supervisor.stopped();
				this.publishes.failAll("the MQTT client stopped before the publish was acknowledged");
				callback.run();
			}
		}, "mqtt-shutdown-" + getClientId());
		shutdown.setDaemon(true);
		shutdown.start();
	}

	// Spring stops waiting for this phase after its time-out; this thread gives up later
	private void awaitPendingPublishes() {
		long deadline = System.nanoTime() + MAX_SHUTDOWN_WAIT.toNanos();
		while (this.publishes.inFlight() + this.publishes.buffered() > 0 && this.transport.isConnected()
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void destroy() {
		this.connectExecutor.shutdownNow();
		this.publishTimer.shutdownNow();
		this.publishes.failAll("the MQTT client was closed before the publish was acknowledged");
		this.transport.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Close the connection cleanly (the broker does not publish the will) and connect
	 * again at once, for example after the transport was given renewed TLS material; a
	 * connect attempt in progress is abandoned.
	 */
	public void reconnect() {
		this.supervisor.reconnect();
	}

	/**
	 * The wire client underneath, for its library-specific settings.
	 * @return the transport
	 */
	public MqttTransport getTransport() {
		return this.transport;
	}

	/**
	 * The protocol version this connection speaks.
	 * @return the version
	 */
	public MqttProtocolVersion getProtocolVersion() {
		return this.transport.protocolVersion();
	}

	/**
	 * The connection state.
	 * @return the state
	 */
	public MqttConnectionState getState() {
		return this.supervisor.state();
	}

	/**
	 * A snapshot of the connection's state and history.
	 * @return the status
	 */
	public MqttConnectionStatus getStatus() {
		return new MqttConnectionStatus(getState(), getCurrentServerUri(), getClientId(),
				this.supervisor.sessionPresent(), this.supervisor.reconnects(), this.supervisor.connectionLosses(),
				this.supervisor.sessionTakeovers(), getLastDisconnectReason(), this.publishes.inFlight(),
				this.publishes.buffered(), this.publishes.bufferedBytes());
	}

	/**
	 * Whether the client is connected now: its state is {@link MqttConnectionState#CONNECTED}.
	 * @return whether connected
	 */
	public boolean isConnected() {
		return getState() == MqttConnectionState.CONNECTED;
	}

	/**
	 * The client identifier.
	 * @return the client id
	 */
	public String getClientId() {
		return this.transport.clientId();
	}

	/**
	 * The broker URIs this client tries, in order.
	 * @return the server URIs
	 */
	public List<String> getServerUris() {
		return this.supervisor.serverUris();
	}

	/**
	 * The URI of the broker connected to, or last tried.
	 * @return the server URI
	 */
	public String getCurrentServerUri() {
		return this.supervisor.currentServerUri();
	}

	/**
	 * Why the last connection attempt failed or the connection was lost.
	 * @return a description, or {@code null} when there was no failure
	 */
	public String getLastDisconnectReason() {
		return this.supervisor.lastDisconnectReason();
	}

	/**
	 * How many publishes wait for the broker's acknowledgement.
	 * @return the number of in-flight publishes
	 */
	public int getInFlightPublishes() {
		return this.publishes.inFlight();
	}

	/**
	 * How many publishes wait in the outbound buffer to be sent: for the connection, for
	 * an in-flight slot, or to be sent again after their connection was lost.
	 * @return the number of buffered publishes
	 */
	public int getBufferedPublishes() {
		return this.publishes.buffered();
	}

	/**
	 * How many payload and topic bytes the buffered publishes take.
	 * @return the buffered bytes
	 */
	public long getBufferedBytes() {
		return this.publishes.bufferedBytes();
	}

	/**
	 * How many publishes were given up for the reason since the client was created.
	 * @param reason the reason
	 * @return the number of rejected publishes
	 */
	public long getRejectedPublishes(PublishRejectedException.Reason reason) {
		return this.publishes.rejected(reason);
	}

	/**
	 * Set how many publishes may await the broker's acknowledgement at once, at most; the
	 * broker's Receive Maximum can lower it further. Default 1000.
	 * @param maxInFlight the limit, at least 1
	 */
	public void setMaxInFlight(int maxInFlight) {
		this.publishes.setMaxInFlight(maxInFlight);
	}

	/**
	 * Set the size of the outbound buffer, which holds the publishes not yet in flight, and
	 * how long a publish waits for room in it before it fails. Defaults: 10,000 messages,
	 * 16 MiB, 10 seconds.
	 * @param maxMessages how many publishes it holds, at least 1
	 * @param maxBytes how many payload and topic bytes it holds, at least 1
	 * @param maxBlock how long a caller waits for room; zero fails at once
	 */
	public void setBufferLimits(int maxMessages, long maxBytes, Duration maxBlock) {
		this.publishes.setBufferLimits(maxMessages, maxBytes, maxBlock);
	}

	/**
	 * How many publishes may be in flight at once: the broker's Receive Maximum or the
	 * client's own limit ({@link #setMaxInFlight}), whichever is lower.
	 * @return the in-flight limit
	 */
	public int getInFlightLimit() {
		return this.publishes.limit();
	}

	/**
	 * A factory of threads that process this client's messages, such as a listener's.
	 * The client's delivery may wait for such a thread (when its queue is full), so a
	 * publish made on it never waits for room in the outbound buffer: it fails at once
	 * when the buffer is full.
	 * @param name the name of the threads
	 * @return the thread factory
	 */
	public ThreadFactory newReceivingThreadFactory(String name) {
		return ClientThreads.receivingThreads(this, name);
	}

	/**
	 * Whether the broker confirmed a subscription to the filter in the current session.
	 * @param topicFilter the topic filter as given to {@link #subscribe}
	 * @return whether subscribed at the broker
	 */
	public boolean isSubscribed(String topicFilter) {
		return this.subscriptions.isSubscribed(topicFilter) && this.transport.isConnected();
	}

	private void publishEvent(ApplicationEvent event) {
		if (this.applicationContext != null) {
			try {
				this.applicationContext.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("An application listener failed on " + event, ex);
			}
		}
	}

	private final class ConnectionCallbacks implements ConnectionSupervisor.Callbacks {

		@Override
		public void connected(ConnectResult result) {
			SharedMqttClient.this.maximumPacketSize = result.maximumPacketSize();
			sendSubscribe(SharedMqttClient.this.subscriptions.connected(result.sessionPresent(),
					result.subscriptionIdentifiersAvailable()));
			// After the subscriptions, so that buffered messages reach this client's own listeners
			SharedMqttClient.this.publishes.connected(result.receiveMaximum());
		}

		@Override
		public void disconnected(MqttTransportException cause) {
			SharedMqttClient.this.acknowledgements.connectionLost();
			Function<OutboundPublish, Throwable> blame = (cause != null
					&& cause.getKind() == MqttTransportException.Kind.UNDECODABLE_REPLY)
							? (publish) -> undecodableReply(publish, cause) : null;
			SharedMqttClient.this.publishes.connectionLost(SharedMqttClient.this.transport.resendsInFlightPublishes(),
					blame);
		}

	}

	private final class InboundListener implements TransportListener {

		@Override
		public void messageArrived(InboundPublish message) {
			ClientThreads.markReceiving(SharedMqttClient.this);
			dispatch(message);
		}

		@Override
		public void connectionLost(MqttTransportException cause) {
			ClientThreads.markReceiving(SharedMqttClient.this);
			SharedMqttClient.this.supervisor.connectionLost(cause);
		}

		@Override
		public void protocolError(MqttTransportException error) {
			logger.warn("MQTT protocol error: " + ConnectionSupervisor.describe(error));
			publishEvent(new MqttProtocolErrorEvent(SharedMqttClient.this, error));
		}

	}

}
