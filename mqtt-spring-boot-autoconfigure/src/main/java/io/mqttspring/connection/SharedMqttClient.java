package io.mqttspring.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.net.SocketFactory;

import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.PublishPacketSize;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;
import org.springframework.integration.mqtt.event.MqttProtocolErrorEvent;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The one MQTT connection of an application, shared by the template and every listener.
 * <p>
 * It connects in the background when started (or at once, failing the start, with
 * {@code failFast}), reconnects with the given back-off whenever the connection is lost
 * (trying the server URIs in order), and subscribes every registered filter again when
 * the broker has no session for it. The back-off restarts from its first delay only once a
 * connection has stayed up for {@link #setBackOffResetAfter a while}, and for longer than
 * the delay before it: a broker restarted now and then is reconnected to quickly every
 * time, while a flapping broker, or two instances taking over each other's session (each
 * connection lives as long as the other instance waits), are not hit at the shortest delay.
 * <p>
 * All messages arrive through one Paho callback and are routed to the handlers whose
 * filters match, through a {@link TopicFilterTree}; Paho's own per-subscription routing is
 * not used because it misroutes shared subscriptions. Messages are acknowledged once their
 * handlers settled them, in the order they arrived ({@link InboundAcknowledgements}).
 * <p>
 * On shutdown it waits for in-flight publishes, then disconnects cleanly, so the broker
 * does not send the will. Subscriptions are not removed at the broker on shutdown, so a
 * persistent session keeps them, and messages arriving after the listeners stopped are not
 * acknowledged, so a persistent session delivers them again on the next start.
 */
public class SharedMqttClient
		implements SmartLifecycle, DisposableBean, ApplicationContextAware, ApplicationListener<ContextClosedEvent> {

	/**
	 * The lifecycle phase of the client: it starts before and stops after the listeners.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 1000;

	private static final Log logger = LogFactory.getLog(SharedMqttClient.class);

	private static final String SHARED_SUBSCRIPTION_PREFIX = "$share/";

	private static final int SESSION_TAKEN_OVER = 0x8E;

	private static final Duration MAX_SHUTDOWN_WAIT = Duration.ofMinutes(5);

	private final MqttAsyncClient client;

	private final MqttConnectionOptions connectionOptions;

	private final String[] serverUris;

	private final BackOff reconnectBackOff;

	private final boolean failFast;

	private final ScheduledExecutorService connectExecutor;

	private final Map<String, BrokerSubscription> subscriptions = new ConcurrentHashMap<>();

	private final Map<Integer, BrokerSubscription> subscriptionsById = new ConcurrentHashMap<>();

	private final AtomicInteger subscriptionIds = new AtomicInteger();

	private final TopicFilterTree<HandlerRegistration> routes = new TopicFilterTree<>();

	private final Object lifecycleMonitor = new Object();

	private final ScheduledThreadPoolExecutor publishTimer;

	private final PublishPipeline publishes;

	private final InboundAcknowledgements acknowledgements;

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong connectionLosses = new AtomicLong();

	private final AtomicLong sessionTakeovers = new AtomicLong();

	private Duration backOffResetAfter = Duration.ofSeconds(10);

	private ApplicationContext applicationContext;

	private volatile boolean running;

	private volatile boolean closing;

	private volatile MqttConnectionState state = MqttConnectionState.DISCONNECTED;

	private volatile String lastDisconnectReason;

	private volatile boolean sessionPresent;

	private volatile boolean everConnected;

	private volatile boolean subscriptionIdentifiersAvailable = true;

	private volatile long maximumPacketSize;

	// Paho's getCurrentServerURI() fails before the first connect attempt
	private volatile String currentServerUri;

	// Confined to the connect thread
	private BackOffExecution backOffExecution;

	private ScheduledFuture<?> pendingAttempt;

	private ScheduledFuture<?> pendingBackOffReset;

	private long lastDelay;

	private ScheduledFuture<?> pendingAttemptTimeout;

	private long attemptSequence;

	private int firstServerIndex;

	/**
	 * Create a client; nothing connects until {@link #start()}.
	 * @param clientId the MQTT client identifier
	 * @param connectionOptions the options for every connect, with the server URIs to try
	 * in order
	 * @param reconnectBackOff the delays between connect attempts
	 * @param failFast whether {@link #start()} connects synchronously and fails when the
	 * broker cannot be reached
	 */
	public SharedMqttClient(String clientId, MqttConnectionOptions connectionOptions, BackOff reconnectBackOff,
			boolean failFast) {
		String[] serverUris = connectionOptions.getServerURIs();
		Assert.isTrue(serverUris != null && serverUris.length > 0, "At least one server URI is required");
		if (connectionOptions.getSocketFactory() == null && plainSocketsOnly(serverUris)) {
			connectionOptions.setSocketFactory(new TcpNoDelaySocketFactory());
		}
		this.connectionOptions = connectionOptions;
		this.serverUris = serverUris.clone();
		this.currentServerUri = serverUris[0];
		this.reconnectBackOff = reconnectBackOff;
		this.failFast = failFast;
		try {
			this.client = new MqttAsyncClient(serverUris[0], clientId, new MemoryPersistence());
		}
		catch (MqttException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid MQTT client settings (server URIs " + List.of(serverUris)
					+ ", client id '" + clientId + "'): " + ex.getMessage(), ex);
		}
		this.publishTimer = new ScheduledThreadPoolExecutor(1, daemonThreads("mqtt-publish-timeouts-" + clientId));
		// Most publishes are acknowledged long before their time-out
		this.publishTimer.setRemoveOnCancelPolicy(true);
		this.publishes = new PublishPipeline(this, this.publishTimer, this::describeConnection, this::send);
		this.acknowledgements = new InboundAcknowledgements(this::acknowledge);
		this.client.setCallback(new InboundCallback());
		this.client.setManualAcks(true);
		this.connectExecutor = Executors.newSingleThreadScheduledExecutor(daemonThreads("mqtt-connect-" + clientId));
	}

	private static ThreadFactory daemonThreads(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private String describeConnection() {
		String lastFailure = this.lastDisconnectReason;
		return "client '" + getClientId() + "' to " + this.currentServerUri + " is " + this.state
				+ ((this.state != MqttConnectionState.CONNECTED && lastFailure != null) ? " (last failure: " + lastFailure
						+ ")" : "");
	}

	// Paho refuses a plain socket factory for ssl:// and wss:// URIs
	private static boolean plainSocketsOnly(String[] serverUris) {
		for (String serverUri : serverUris) {
			if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ws://")) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Set how long a connection must stay up before the reconnect back-off starts again
	 * from its first delay; a connection that came after a longer delay must outlive that
	 * delay.
	 * @param backOffResetAfter the time; 10 seconds by default
	 */
	public void setBackOffResetAfter(Duration backOffResetAfter) {
		this.backOffResetAfter = backOffResetAfter;
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
			long size = PublishPacketSize.mqtt5(message);
			if (size > maximumPacketSize) {
				return CompletableFuture.failedFuture(new IllegalArgumentException("the message is " + size
						+ " bytes on the wire, but the broker accepts packets of at most " + maximumPacketSize
						+ " bytes (its Maximum Packet Size)"));
			}
		}
		return this.publishes.submit(message, timeout);
	}

	private PublishPipeline.SendResult send(PendingPublish publish, int attempt) {
		OutboundPublish message = publish.message();
		try {
			this.client.publish(message.topic(), PahoV5Messages.toMqttMessage(message), null,
					new MqttActionListener() {

						@Override
						public void onSuccess(IMqttToken token) {
							ClientThreads.markReceiving(SharedMqttClient.this);
							acknowledged(publish, attempt, token);
						}

						// Paho fails the publishes in flight when the connection is lost:
						// the loss decides what becomes of them
						@Override
						public void onFailure(IMqttToken token, Throwable exception) {
						}

					});
			return PublishPipeline.SendResult.SENT;
		}
		catch (MqttException ex) {
			return switch (ex.getReasonCode()) {
				case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
						MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS,
						MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
						MqttClientException.REASON_CODE_CONNECTION_LOST -> PublishPipeline.SendResult.NOT_CONNECTED;
				case MqttClientException.REASON_CODE_MAX_INFLIGHT -> PublishPipeline.SendResult.BUSY;
				default -> throw new IllegalStateException("Could not send the message: " + describe(ex), ex);
			};
		}
	}

	// Paho 1.2.5 reports a PUBACK/PUBREC carrying a failure reason code as success
	private void acknowledged(PendingPublish publish, int attempt, IMqttToken token) {
		int[] reasonCodes = token.getReasonCodes();
		int reasonCode = (reasonCodes != null && reasonCodes.length > 0) ? reasonCodes[0] : 0;
		if (MqttReasonCodes.isFailure(reasonCode)) {
			this.publishes.failed(publish, attempt, new MqttBrokerRefusalException(
					"Publish to '" + publish.message().topic() + "' refused", reasonCode));
		}
		else {
			this.publishes.acknowledged(publish, attempt, new PublishAck(token.getMessageId(), reasonCode));
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
		validateTopicFilter(topicFilter);
		HandlerRegistration registration = new HandlerRegistration(topicFilter, qos, handler);
		BrokerSubscription subscription;
		boolean sendSubscribe;
		synchronized (this.subscriptions) {
			subscription = this.subscriptions.computeIfAbsent(topicFilter, this::newBrokerSubscription);
			sendSubscribe = subscription.add(registration);
			this.routes.add(routingFilter(topicFilter), registration);
		}
		if (sendSubscribe && this.client.isConnected()) {
			sendSubscribe(List.of(subscription));
		}
		return registration;
	}

	private BrokerSubscription newBrokerSubscription(String topicFilter) {
		// Identifiers tell which subscriptions a message matched: brokers send one copy per
		// overlapping subscription, and shared and plain subscriptions of one filter look alike
		BrokerSubscription subscription = new BrokerSubscription(topicFilter, this.subscriptionIds.incrementAndGet());
		this.subscriptionsById.put(subscription.id, subscription);
		return subscription;
	}

	private static void validateTopicFilter(String topicFilter) {
		Assert.hasLength(topicFilter, "Topic filter must not be empty");
		try {
			MqttTopicValidator.validate(topicFilter, true, true);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid topic filter '" + topicFilter + "': " + ex.getMessage(), ex);
		}
		if (topicFilter.startsWith(SHARED_SUBSCRIPTION_PREFIX)) {
			int end = topicFilter.indexOf('/', SHARED_SUBSCRIPTION_PREFIX.length());
			Assert.isTrue(end > SHARED_SUBSCRIPTION_PREFIX.length() && end < topicFilter.length() - 1,
					() -> "Invalid topic filter '" + topicFilter + "': expected $share/<group>/<filter>");
		}
	}

	private static String routingFilter(String topicFilter) {
		if (topicFilter.startsWith(SHARED_SUBSCRIPTION_PREFIX)) {
			return topicFilter.substring(topicFilter.indexOf('/', SHARED_SUBSCRIPTION_PREFIX.length()) + 1);
		}
		return topicFilter;
	}

	private void unsubscribe(HandlerRegistration registration) {
		boolean lastHandler;
		synchronized (this.subscriptions) {
			BrokerSubscription subscription = this.subscriptions.get(registration.topicFilter);
			if (subscription == null || !subscription.remove(registration)) {
				return;
			}
			this.routes.remove(routingFilter(registration.topicFilter), registration);
			lastHandler = subscription.isEmpty();
			if (lastHandler) {
				this.subscriptionsById.remove(this.subscriptions.remove(registration.topicFilter).id);
			}
		}
		// On shutdown the DISCONNECT follows: a persistent session keeps its subscriptions
		if (lastHandler && !this.closing && this.client.isConnected()) {
			try {
				this.client.unsubscribe(registration.topicFilter);
			}
			catch (MqttException ex) {
				logger.warn("Could not unsubscribe from '" + registration.topicFilter + "': " + ex.getMessage());
			}
		}
	}

	private void sendSubscribe(List<BrokerSubscription> toSubscribe) {
		for (BrokerSubscription subscription : toSubscribe) {
			MqttSubscription request = new MqttSubscription(subscription.topicFilter, subscription.qos());
			MqttProperties properties = new MqttProperties();
			if (this.subscriptionIdentifiersAvailable) {
				properties.setSubscriptionIdentifier(subscription.id);
			}
			try {
				this.client.subscribe(new MqttSubscription[] { request }, null, new MqttActionListener() {

					@Override
					public void onSuccess(IMqttToken token) {
						int[] reasonCodes = token.getReasonCodes();
						if (reasonCodes != null && reasonCodes.length > 0 && MqttReasonCodes.isFailure(reasonCodes[0])) {
							logger.error("MQTT broker " + SharedMqttClient.this.currentServerUri
									+ " refused the subscription to '" + request.getTopic() + "' with reason code "
									+ MqttReasonCodes.describe(reasonCodes[0])
									+ ": its listeners receive nothing from it");
							return;
						}
						subscription.subscribed = true;
						if (logger.isDebugEnabled()) {
							logger.debug("Subscribed to '" + request.getTopic() + "' at QoS " + request.getQos());
						}
						publishEvent(new MqttSubscribedEvent(SharedMqttClient.this,
								"Subscribed to '" + request.getTopic() + "' at QoS " + request.getQos()));
					}

					@Override
					public void onFailure(IMqttToken token, Throwable exception) {
						logger.warn("Could not subscribe to '" + request.getTopic() + "': " + exception.getMessage());
					}

				}, properties);
			}
			catch (MqttException ex) {
				logger.warn("Could not subscribe to '" + request.getTopic() + "': " + ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.closing = false;
			this.state = MqttConnectionState.CONNECTING;
		}
		this.publishes.startAccepting();
		if (this.failFast) {
			connectOrFail();
		}
		else {
			execute(this::connect);
		}
	}

	private void connectOrFail() {
		try {
			IMqttToken token = this.client.connect(this.connectionOptions);
			token.waitForCompletion(this.connectionOptions.getConnectionTimeout() * 1000L + 1000L);
			// On the connect thread, which owns the connection state, before start() returns
			this.connectExecutor.submit(() -> connected(token)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting to MQTT broker " + serverUris(), ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not complete the connection to MQTT broker " + serverUris(),
					ex.getCause());
		}
		catch (MqttException ex) {
			this.running = false;
			this.state = MqttConnectionState.DISCONNECTED;
			this.lastDisconnectReason = describe(ex);
			throw new IllegalStateException("Could not connect to MQTT broker " + serverUris() + " as '"
					+ getClientId() + "' and fail-fast is enabled: " + this.lastDisconnectReason, ex);
		}
	}

	private void connect() {
		this.pendingAttempt = null;
		if (!this.running || this.client.isConnected()) {
			return;
		}
		long attempt = ++this.attemptSequence;
		this.connectionOptions.setServerURIs(serverUrisFrom(this.firstServerIndex));
		try {
			IMqttToken token = this.client.connect(this.connectionOptions, null, new MqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					execute(() -> {
						if (attempt == SharedMqttClient.this.attemptSequence) {
							connected(token);
						}
					});
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					execute(() -> {
						if (attempt == SharedMqttClient.this.attemptSequence) {
							connectFailed(exception);
						}
					});
				}

			});
			this.pendingAttemptTimeout = this.connectExecutor.schedule(() -> abandonIfUnanswered(attempt, token),
					this.connectionOptions.getConnectionTimeout(), TimeUnit.SECONDS);
		}
		catch (MqttException ex) {
			connectFailed(ex);
		}
	}

	private String[] serverUrisFrom(int first) {
		String[] rotated = new String[this.serverUris.length];
		for (int i = 0; i < rotated.length; i++) {
			rotated[i] = this.serverUris[(first + i) % rotated.length];
		}
		return rotated;
	}

	// Paho's connection timeout bounds the TCP connect only, and Paho never fails an
	// attempt whose CONNECT the broker accepted but did not answer. Such an attempt is
	// abandoned (a late answer is ignored) and the next one starts at the next server.
	private void abandonIfUnanswered(long attempt, IMqttToken token) {
		this.pendingAttemptTimeout = null;
		if (attempt != this.attemptSequence || token.isComplete()) {
			return;
		}
		this.attemptSequence++;
		updateCurrentServerUri();
		String unresponsive = this.currentServerUri;
		logger.warn("No CONNACK from " + unresponsive + " within " + this.connectionOptions.getConnectionTimeout()
				+ " s; abandoning the connect attempt");
		try {
			this.client.disconnectForcibly(0, 0, false);
		}
		catch (MqttException ex) {
			logger.debug("Could not abandon the connect attempt", ex);
		}
		int index = List.of(this.serverUris).indexOf(unresponsive);
		connectFailed(new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT));
		this.firstServerIndex = (index + 1) % this.serverUris.length;
	}

	private void cancelAttemptTimeout() {
		if (this.pendingAttemptTimeout != null) {
			this.pendingAttemptTimeout.cancel(false);
			this.pendingAttemptTimeout = null;
		}
	}

	private void execute(Runnable task) {
		try {
			this.connectExecutor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Destroyed: no more connection work
		}
	}

	private void connected(IMqttToken token) {
		boolean sessionPresent = token.getSessionPresent();
		MqttProperties connack = token.getResponseProperties();
		this.subscriptionIdentifiersAvailable = connack == null || connack.isSubscriptionIdentifiersAvailable();
		Long maximumPacketSize = (connack != null) ? connack.getMaximumPacketSize() : null;
		this.maximumPacketSize = (maximumPacketSize != null) ? maximumPacketSize : 0;
		Integer receiveMaximum = (connack != null) ? connack.getReceiveMaximum() : null;
		cancelAttemptTimeout();
		this.firstServerIndex = 0;
		boolean reconnect = this.everConnected;
		if (reconnect) {
			this.reconnects.incrementAndGet();
		}
		this.everConnected = true;
		this.sessionPresent = sessionPresent;
		updateCurrentServerUri();
		this.state = MqttConnectionState.CONNECTED;
		scheduleBackOffReset();
		logger.info("Connected to MQTT broker " + this.currentServerUri + " as '" + getClientId()
				+ "' (session present: " + sessionPresent + ")");
		List<BrokerSubscription> toSubscribe = new ArrayList<>();
		synchronized (this.subscriptions) {
			for (BrokerSubscription subscription : this.subscriptions.values()) {
				if (!sessionPresent) {
					subscription.subscribed = false;
				}
				// A resumed session keeps what it had; filters added while offline are new to it
				if (!subscription.subscribed) {
					toSubscribe.add(subscription);
				}
			}
		}
		sendSubscribe(toSubscribe);
		// After the subscriptions, so that buffered messages reach this client's own listeners
		this.publishes.connected((receiveMaximum != null && receiveMaximum > 0) ? receiveMaximum : 65_535);
		publishEvent(new MqttConnectedEvent(this, this.currentServerUri, sessionPresent, reconnect));
	}

	private void updateCurrentServerUri() {
		try {
			this.currentServerUri = this.client.getCurrentServerURI();
		}
		catch (NullPointerException ex) {
			// Paho has no network modules until a connect attempt created them
		}
	}

	private void scheduleBackOffReset() {
		cancelBackOffReset();
		long stableAfter = Math.max(this.backOffResetAfter.toMillis(), this.lastDelay);
		this.pendingBackOffReset = this.connectExecutor.schedule(() -> {
			if (this.client.isConnected()) {
				this.backOffExecution = null;
				this.lastDelay = 0;
			}
		}, stableAfter, TimeUnit.MILLISECONDS);
	}

	private void cancelBackOffReset() {
		if (this.pendingBackOffReset != null) {
			this.pendingBackOffReset.cancel(false);
			this.pendingBackOffReset = null;
		}
	}

	private void connectFailed(Throwable exception) {
		cancelAttemptTimeout();
		updateCurrentServerUri();
		this.firstServerIndex = 0;
		String closedDuringTls = isTls(this.currentServerUri) ? TlsFailures.describeClosedConnect(exception) : null;
		this.lastDisconnectReason = (closedDuringTls != null) ? closedDuringTls : describe(exception);
		if (!this.running) {
			return;
		}
		long delay = nextDelay();
		String message = "Could not connect to MQTT broker " + serverUris() + " as '" + getClientId() + "': "
				+ this.lastDisconnectReason + "; next attempt in " + delay + " ms";
		if (closedDuringTls != null || isRefusal(exception)) {
			// Retrying will not help until credentials, certificates or the broker change
			logger.error(message);
		}
		else {
			logger.warn(message);
		}
		publishEvent(new MqttConnectionFailedEvent(this, exception));
		scheduleConnect(delay);
	}

	private void connectionLost(String reason, Throwable cause, boolean takenOver,
			Function<OutboundPublish, Throwable> blameOldestPublish) {
		this.acknowledgements.connectionLost();
		this.lastDisconnectReason = reason;
		if (this.running) {
			this.state = MqttConnectionState.RECONNECTING;
		}
		this.publishes.connectionLost(keepsPublishesInFlight(), blameOldestPublish);
		if (!this.running) {
			return;
		}
		this.connectionLosses.incrementAndGet();
		if (takenOver) {
			this.sessionTakeovers.incrementAndGet();
		}
		execute(() -> {
			cancelBackOffReset();
			long delay = nextDelay();
			if (takenOver) {
				logger.error("The broker disconnected client '" + getClientId() + "' because another client connected "
						+ "with the same client id (session taken over, " + this.sessionTakeovers.get()
						+ " times so far). Every instance needs its own client id. Reconnecting in " + delay + " ms");
			}
			else {
				logger.warn("Lost the connection to MQTT broker: " + reason + "; reconnecting in " + delay + " ms");
			}
			scheduleConnect(delay);
		});
		publishEvent(new MqttConnectionLostEvent(this, reason, cause));
	}

	// With a persistent session Paho sends its unacknowledged publishes again itself, with
	// their packet identifiers, as MQTT requires
	private boolean keepsPublishesInFlight() {
		return !this.connectionOptions.isCleanStart();
	}

	private long nextDelay() {
		if (this.backOffExecution == null) {
			this.backOffExecution = this.reconnectBackOff.start();
		}
		long delay = this.backOffExecution.nextBackOff();
		return (delay == BackOffExecution.STOP) ? Long.MAX_VALUE : delay;
	}

	private void scheduleConnect(long delay) {
		if (this.running && this.pendingAttempt == null && delay != Long.MAX_VALUE) {
			this.lastDelay = delay;
			this.pendingAttempt = this.connectExecutor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * Stop in the background: wait for in-flight publishes (for at most as long as Spring
	 * waits for this lifecycle phase, {@code spring.lifecycle.timeout-per-shutdown-phase}),
	 * then disconnect cleanly.
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
		execute(() -> {
			cancelAttemptTimeout();
			if (this.pendingAttempt != null) {
				this.pendingAttempt.cancel(false);
				this.pendingAttempt = null;
			}
			cancelBackOffReset();
			this.backOffExecution = null;
		});
		Thread shutdown = new Thread(() -> {
			try {
				awaitPendingPublishes();
				disconnect();
			}
			finally {
				this.state = MqttConnectionState.DISCONNECTED;
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
		while (this.publishes.inFlight() + this.publishes.buffered() > 0 && this.client.isConnected()
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

	private void disconnect() {
		if (this.client.isConnected()) {
			try {
				long timeout = this.connectionOptions.getConnectionTimeout() * 1000L;
				this.client.disconnect(timeout).waitForCompletion(timeout + 1000L);
				logger.info("Disconnected from MQTT broker " + this.currentServerUri);
			}
			catch (MqttException ex) {
				logger.debug("Error while disconnecting from the MQTT broker", ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.connectExecutor.shutdownNow();
		this.publishTimer.shutdownNow();
		this.publishes.failAll("the MQTT client was closed before the publish was acknowledged");
		try {
			this.client.close(true);
		}
		catch (MqttException ex) {
			logger.debug("Error while closing the MQTT client", ex);
		}
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
	 * The connection state.
	 * @return the state
	 */
	public MqttConnectionState getState() {
		return this.state;
	}

	/**
	 * A snapshot of the connection's state and history.
	 * @return the status
	 */
	public MqttConnectionStatus getStatus() {
		return new MqttConnectionStatus(this.state, getCurrentServerUri(), getClientId(), this.sessionPresent,
				this.reconnects.get(), this.connectionLosses.get(), this.sessionTakeovers.get(),
				this.lastDisconnectReason, this.publishes.inFlight(), this.publishes.buffered(),
				this.publishes.bufferedBytes());
	}

	/**
	 * Whether the client is connected now: its state is {@link MqttConnectionState#CONNECTED}.
	 * @return whether connected
	 */
	public boolean isConnected() {
		return this.state == MqttConnectionState.CONNECTED;
	}

	/**
	 * The client identifier.
	 * @return the client id
	 */
	public String getClientId() {
		return this.client.getClientId();
	}

	/**
	 * The URI of the broker connected to, or last tried.
	 * @return the server URI
	 */
	public String getCurrentServerUri() {
		return this.currentServerUri;
	}

	/**
	 * Why the last connection attempt failed or the connection was lost.
	 * @return a description, or {@code null} when there was no failure
	 */
	public String getLastDisconnectReason() {
		return this.lastDisconnectReason;
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
	 * How many publishes may be in flight at once: the broker's Receive Maximum or the
	 * client's own limit ({@link #setMaxInFlight}), whichever is lower.
	 * @return the in-flight limit
	 */
	public int getInFlightLimit() {
		return this.publishes.limit();
	}

	/**
	 * Whether the broker confirmed a subscription to the filter in the current session.
	 * @param topicFilter the topic filter as given to {@link #subscribe}
	 * @return whether subscribed at the broker
	 */
	public boolean isSubscribed(String topicFilter) {
		BrokerSubscription subscription = this.subscriptions.get(topicFilter);
		return subscription != null && subscription.subscribed && this.client.isConnected();
	}

	/**
	 * The options every connect uses.
	 * @return the connection options
	 */
	public MqttConnectionOptions getConnectionOptions() {
		return this.connectionOptions;
	}

	/**
	 * Connect with a new socket factory from now on, for example one with renewed TLS
	 * certificates: an open connection is closed cleanly (the broker does not publish the
	 * will) and a new one made at once; a connect attempt in progress is abandoned.
	 * @param socketFactory the socket factory for every following connect
	 */
	public void reconnectWithSocketFactory(SocketFactory socketFactory) {
		Objects.requireNonNull(socketFactory, "socketFactory must not be null");
		execute(() -> {
			this.connectionOptions.setSocketFactory(socketFactory);
			if (!this.running) {
				return;
			}
			logger.info("Reconnecting to MQTT broker " + this.currentServerUri + " with a new socket factory");
			cancelAttemptTimeout();
			if (this.pendingAttempt != null) {
				this.pendingAttempt.cancel(false);
				this.pendingAttempt = null;
			}
			if (this.client.isConnected()) {
				disconnect();
				this.state = MqttConnectionState.RECONNECTING;
				this.acknowledgements.connectionLost();
				this.publishes.connectionLost(keepsPublishesInFlight(), null);
			}
			else {
				abandonConnectInProgress();
			}
			// connect() ignores any late answer to an earlier attempt
			connect();
		});
	}

	private void abandonConnectInProgress() {
		try {
			this.client.disconnectForcibly(0, 0, false);
		}
		catch (MqttException ex) {
			// No attempt in progress
		}
	}

	private List<String> serverUris() {
		return List.of(this.serverUris);
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

	private static String describe(Throwable exception) {
		String tlsFailure = TlsFailures.describe(exception);
		if (tlsFailure != null) {
			return tlsFailure;
		}
		if (exception instanceof MqttException mqttException && mqttException.getReasonCode() >= 0x80
				&& mqttException.getReasonCode() <= 0xFF) {
			return "reason code " + MqttReasonCodes.describe(mqttException.getReasonCode());
		}
		Throwable cause = exception.getCause();
		return (cause != null) ? exception.getMessage() + " (" + cause + ")" : String.valueOf(exception.getMessage());
	}

	private static boolean isTls(String serverUri) {
		return serverUri.startsWith("ssl://") || serverUri.startsWith("wss://");
	}

	private static boolean isRefusal(Throwable exception) {
		return TlsFailures.describe(exception) != null || (exception instanceof MqttException mqttException
				&& MqttReasonCodes.isFailure(mqttException.getReasonCode()) && mqttException.getReasonCode() <= 0xFF);
	}

	private void dispatch(String topic, MqttMessage message) {
		List<HandlerRegistration> handlers = route(topic, message);
		if (handlers.isEmpty() && this.closing) {
			// The listeners are gone: unacknowledged, a persistent session delivers it again
			// on the next start
			return;
		}
		InboundAcknowledgements.Settlement settlement = this.acknowledgements.received(topic, message,
				handlers.size());
		for (HandlerRegistration registration : handlers) {
			registration.deliver(new MqttInboundDelivery(topic, message, settlement));
		}
	}

	private List<HandlerRegistration> route(String topic, MqttMessage message) {
		List<Integer> identifiers = (message.getProperties() != null)
				? message.getProperties().getSubscriptionIdentifiers() : List.of();
		List<HandlerRegistration> handlers = new ArrayList<>();
		if (identifiers.isEmpty()) {
			this.routes.forEachMatch(topic, (registration) -> addOncePerHandler(handlers, registration));
		}
		else {
			for (Integer identifier : identifiers) {
				BrokerSubscription subscription = this.subscriptionsById.get(identifier);
				if (subscription != null) {
					subscription.handlers.forEach((registration) -> addOncePerHandler(handlers, registration));
				}
			}
		}
		return handlers;
	}

	// A handler subscribed with several filters that one message matches gets it once
	private static void addOncePerHandler(List<HandlerRegistration> handlers, HandlerRegistration registration) {
		for (HandlerRegistration existing : handlers) {
			if (existing.handler == registration.handler) {
				return;
			}
		}
		handlers.add(registration);
	}

	// Paho drops the connection on a reply it cannot decode, such as Mosquitto's PUBACK 0x95
	// for a message over its message_size_limit, and then fails every publish in flight
	// alike. Brokers answer publishes in order, so the oldest unanswered one was refused.
	private static Throwable undecodableReply(OutboundPublish publish) {
		return new IllegalStateException("the broker answered with a reason code that is not valid for its reply, "
				+ "so the client dropped the connection (Mosquitto answers a message over its message_size_limit "
				+ "this way, with PUBACK 0x95; this message has " + publish.payload().length + " payload bytes). "
				+ "The publishes behind it are sent again after the reconnect");
	}

	private void acknowledge(String topic, MqttMessage message) {
		try {
			PahoManualAcks.acknowledge(this.client, message);
		}
		catch (MqttException ex) {
			logger.warn("Could not acknowledge message " + message.getId() + " from '" + topic + "': "
					+ ex.getMessage());
		}
	}

	private final class InboundCallback implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			ClientThreads.markReceiving(SharedMqttClient.this);
			// Never throw: Paho closes the connection when this callback throws
			try {
				dispatch(topic, message);
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected error while dispatching a message from '" + topic + "'", ex);
			}
		}

		@Override
		public void disconnected(MqttDisconnectResponse response) {
			ClientThreads.markReceiving(SharedMqttClient.this);
			MqttException exception = response.getException();
			String reason = (exception != null) ? describe(exception)
					: "broker sent DISCONNECT with reason code " + MqttReasonCodes.describe(response.getReturnCode())
							+ ((response.getReasonString() != null) ? ": " + response.getReasonString() : "");
			boolean takenOver = response.getReturnCode() == SESSION_TAKEN_OVER
					|| (exception != null && exception.getReasonCode() == SESSION_TAKEN_OVER);
			connectionLost(reason, exception, takenOver,
					(exception != null && exception.getReasonCode() == MqttException.REASON_CODE_INVALID_RETURN_CODE)
							? SharedMqttClient::undecodableReply : null);
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
			logger.warn("MQTT protocol error: " + describe(exception));
			publishEvent(new MqttProtocolErrorEvent(SharedMqttClient.this, exception));
		}

		@Override
		public void deliveryComplete(IMqttToken token) {
		}

		@Override
		public void connectComplete(boolean reconnect, String serverURI) {
		}

		@Override
		public void authPacketArrived(int reasonCode, MqttProperties properties) {
		}

	}

	private final class HandlerRegistration implements MqttSubscriptionHandle {

		private final String topicFilter;

		private final int qos;

		private final MqttMessageHandler handler;

		HandlerRegistration(String topicFilter, int qos, MqttMessageHandler handler) {
			this.topicFilter = topicFilter;
			this.qos = qos;
			this.handler = handler;
		}

		void deliver(MqttInboundDelivery delivery) {
			try {
				this.handler.handleMessage(delivery);
			}
			catch (RuntimeException ex) {
				logger.error("Handler for '" + this.topicFilter + "' failed on a message from '" + delivery.getTopic()
						+ "'", ex);
				delivery.acknowledge();
			}
		}

		@Override
		public String getTopicFilter() {
			return this.topicFilter;
		}

		@Override
		public void unsubscribe() {
			SharedMqttClient.this.unsubscribe(this);
		}

	}

	/**
	 * One filter as subscribed at the broker, with the handlers that share it.
	 */
	private static final class BrokerSubscription {

		private final String topicFilter;

		private final int id;

		private final List<HandlerRegistration> handlers = new CopyOnWriteArrayList<>();

		// Whether the broker confirmed the subscription during the current session
		private volatile boolean subscribed;

		BrokerSubscription(String topicFilter, int id) {
			this.topicFilter = topicFilter;
			this.id = id;
		}

		/** Add a handler and tell whether the broker must be told (new filter or higher QoS). */
		boolean add(HandlerRegistration registration) {
			int before = this.handlers.isEmpty() ? -1 : qos();
			this.handlers.add(registration);
			boolean raised = qos() > before;
			if (raised) {
				this.subscribed = false;
			}
			return raised;
		}

		boolean remove(HandlerRegistration registration) {
			return this.handlers.remove(registration);
		}

		boolean isEmpty() {
			return this.handlers.isEmpty();
		}

		int qos() {
			int qos = 0;
			for (HandlerRegistration registration : this.handlers) {
				qos = Math.max(qos, registration.qos);
			}
			return qos;
		}

	}

}
