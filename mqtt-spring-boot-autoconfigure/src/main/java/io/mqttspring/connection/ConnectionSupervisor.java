package io.mqttspring.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.MqttTransportException.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Keeps one transport connected: connects in the background (or at once, failing, with
 * fail-fast), tries the server URIs in order, reconnects with back-off whenever the
 * connection is lost or an attempt fails, gives up attempts the broker does not answer,
 * and keeps the state, history and events of the connection. Every transition runs on one
 * thread, the connect thread; the transport has no reconnect of its own.
 * <p>
 * The back-off restarts from its first delay only once a connection stayed up for
 * {@link #setBackOffResetAfter a while}, and for longer than the delay before it: a broker
 * restarted now and then is reconnected to quickly every time, while a flapping broker,
 * or two instances taking over each other's session (each connection lives as long as the
 * other instance waits), are not hit at the shortest delay.
 */
final class ConnectionSupervisor {

	private static final Log logger = LogFactory.getLog(SharedMqttClient.class);

	private static final int SESSION_TAKEN_OVER = 0x8E;

	private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;

	private static final int NOT_AUTHORIZED = 0x87;

	/**
	 * What the owner of the connection does when it comes and goes.
	 */
	interface Callbacks {

		/**
		 * The connection is up; called on the connect thread before the connected event.
		 * @param result what the broker granted
		 */
		void connected(ConnectResult result);

		/**
		 * The connection is gone (lost, or closed to connect again); called on the thread
		 * that noticed, before the reconnect is scheduled.
		 * @param cause why, or {@code null} when the client closed it
		 */
		void disconnected(MqttTransportException cause);

	}

	private final MqttTransport transport;

	private final List<String> serverUris;

	private final BackOff reconnectBackOff;

	private final Duration attemptTimeout;

	private final ScheduledExecutorService connectExecutor;

	private final Object eventSource;

	private final Consumer<ApplicationEvent> events;

	private final Callbacks callbacks;

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong connectionLosses = new AtomicLong();

	private final AtomicLong sessionTakeovers = new AtomicLong();

	private Supplier<MqttCredentials> credentials = () -> null;

	private Duration backOffResetAfter = Duration.ofSeconds(10);

	private volatile boolean running;

	private volatile MqttConnectionState state = MqttConnectionState.DISCONNECTED;

	private volatile String lastDisconnectReason;

	private volatile boolean sessionPresent;

	private volatile boolean everConnected;

	private volatile String currentServerUri;

	// Confined to the connect thread
	private BackOffExecution backOffExecution;

	private ScheduledFuture<?> pendingAttempt;

	private ScheduledFuture<?> pendingBackOffReset;

	private ScheduledFuture<?> pendingAttemptTimeout;

	private long attemptSequence;

	private long lastDelay;

	// Whether refused credentials were asked for again at once since the last connection
	private boolean credentialsRetried;

	// The server URI to try next, in the current round over all of them
	private int nextServer;

	private int triedInRound;

	ConnectionSupervisor(MqttTransport transport, List<String> serverUris, BackOff reconnectBackOff,
			Duration attemptTimeout, ScheduledExecutorService connectExecutor, Object eventSource,
			Consumer<ApplicationEvent> events, Callbacks callbacks) {
		this.transport = transport;
		this.serverUris = List.copyOf(serverUris);
		this.reconnectBackOff = reconnectBackOff;
		this.attemptTimeout = attemptTimeout;
		this.connectExecutor = connectExecutor;
		this.eventSource = eventSource;
		this.events = events;
		this.callbacks = callbacks;
		this.currentServerUri = this.serverUris.get(0);
	}

	void setCredentials(Supplier<MqttCredentials> credentials) {
		this.credentials = credentials;
	}

	void setBackOffResetAfter(Duration backOffResetAfter) {
		this.backOffResetAfter = backOffResetAfter;
	}

	/**
	 * Start connecting in the background.
	 */
	void start() {
		this.running = true;
		this.state = MqttConnectionState.CONNECTING;
		execute(this::startRound);
	}

	/**
	 * Connect now, trying each server URI once, and fail when none accepts.
	 * @throws MqttConnectException naming the brokers and why the last one failed
	 */
	void startOrFail() {
		this.running = true;
		this.state = MqttConnectionState.CONNECTING;
		MqttTransportException failure = null;
		for (String serverUri : this.serverUris) {
			this.currentServerUri = serverUri;
			try {
				ConnectResult result = this.transport.connect(request(serverUri))
					.get(this.attemptTimeout.toMillis() + 1000L, TimeUnit.MILLISECONDS);
				// On the connect thread, which owns the connection state, before start() returns
				this.connectExecutor.submit(() -> connected(result)).get();
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = new MqttTransportException(Kind.OTHER, "interrupted", ex);
				break;
			}
			catch (ExecutionException ex) {
				failure = asTransportException(ex.getCause());
			}
			catch (TimeoutException ex) {
				this.transport.abandonConnect();
				failure = new MqttTransportException(Kind.TIMEOUT,
						"no CONNACK within " + this.attemptTimeout.toSeconds() + " s", ex);
			}
		}
		this.running = false;
		this.state = MqttConnectionState.DISCONNECTED;
		boolean tls = isTls(this.currentServerUri);
		String closedDuringTls = tls ? TlsFailures.describeClosedConnect(failure) : null;
		this.lastDisconnectReason = (closedDuringTls != null) ? closedDuringTls : describe(failure);
		throw new MqttConnectException(this.serverUris, this.transport.clientId(), this.transport.protocolVersion(),
				this.lastDisconnectReason, TlsFailures.problem(failure, tls), failure);
	}

	/**
	 * Stop connecting: no more attempts.
	 */
	void stop() {
		this.running = false;
		execute(() -> {
			cancelAttemptTimeout();
			cancelPendingAttempt();
			cancelBackOffReset();
			this.backOffExecution = null;
		});
	}

	/**
	 * The client stopped: the connection is closed.
	 */
	void stopped() {
		this.state = MqttConnectionState.DISCONNECTED;
	}

	/**
	 * Close the connection cleanly, or give up the attempt in progress, and connect again
	 * at once, for example with renewed TLS material.
	 */
	void reconnect() {
		execute(() -> {
			if (!this.running) {
				return;
			}
			logger.info("Reconnecting to MQTT broker " + this.currentServerUri);
			cancelAttemptTimeout();
			cancelPendingAttempt();
			if (this.transport.isConnected()) {
				this.transport.disconnect(this.attemptTimeout);
				this.state = MqttConnectionState.RECONNECTING;
				this.callbacks.disconnected(null);
			}
			else {
				this.transport.abandonConnect();
			}
			// connect() ignores any late answer to an earlier attempt
			startRound();
		});
	}

	/**
	 * The transport lost its connection.
	 * @param cause why
	 */
	void connectionLost(MqttTransportException cause) {
		boolean takenOver = cause.getKind() == Kind.SERVER_DISCONNECT && cause.getReasonCode() == SESSION_TAKEN_OVER;
		String reason = describe(cause);
		this.lastDisconnectReason = reason;
		if (this.running) {
			this.state = MqttConnectionState.RECONNECTING;
		}
		this.callbacks.disconnected(cause);
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
				logger.error("The broker disconnected client '" + this.transport.clientId() + "' because another "
						+ "client connected with the same client id (session taken over, " + this.sessionTakeovers.get()
						+ " times so far). Every instance needs its own client id. Reconnecting in " + delay + " ms");
			}
			else {
				logger.warn("Lost the connection to MQTT broker: " + reason + "; reconnecting in " + delay + " ms");
			}
			scheduleRound(delay);
		});
		publishEvent(new MqttConnectionLostEvent(this.eventSource, reason, cause));
	}

	private void startRound() {
		this.pendingAttempt = null;
		this.nextServer = 0;
		this.triedInRound = 0;
		connect();
	}

	private void connect() {
		if (!this.running || this.transport.isConnected()) {
			return;
		}
		long attempt = ++this.attemptSequence;
		String serverUri = this.serverUris.get(this.nextServer);
		this.currentServerUri = serverUri;
		this.triedInRound++;
		this.nextServer = (this.nextServer + 1) % this.serverUris.size();
		ConnectRequest request;
		try {
			request = request(serverUri);
		}
		catch (RuntimeException ex) {
			// Never the credentials, which the provider's message might hold: its class only
			attemptFailed(new MqttTransportException(Kind.OTHER,
					"the credentials provider failed with " + ex.getClass().getName(), null));
			return;
		}
		CompletableFuture<ConnectResult> result;
		try {
			result = this.transport.connect(request);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		this.pendingAttemptTimeout = this.connectExecutor.schedule(() -> abandonIfUnanswered(attempt),
				this.attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
		result.whenComplete((connected, failure) -> execute(() -> {
			if (attempt == this.attemptSequence) {
				if (failure == null) {
					connected(connected);
				}
				else {
					attemptFailed(asTransportException(failure));
				}
			}
		}));
	}

	private ConnectRequest request(String serverUri) {
		MqttCredentials credentials = this.credentials.get();
		return (credentials != null) ? new ConnectRequest(serverUri, credentials.username(), credentials.password())
				: new ConnectRequest(serverUri, null, null);
	}

	// A transport's own connection timeout bounds the network connect only, and Paho never
	// fails an attempt whose CONNECT the broker accepted but did not answer. Such an attempt
	// is abandoned (a late answer is ignored) and the next server URI tried.
	private void abandonIfUnanswered(long attempt) {
		this.pendingAttemptTimeout = null;
		if (attempt != this.attemptSequence) {
			return;
		}
		this.attemptSequence++;
		logger.warn("No CONNACK from " + this.currentServerUri + " within " + this.attemptTimeout.toSeconds()
				+ " s; abandoning the connect attempt");
		this.transport.abandonConnect();
		attemptFailed(new MqttTransportException(Kind.TIMEOUT,
				"no CONNACK within " + this.attemptTimeout.toSeconds() + " s", null));
	}

	private void attemptFailed(MqttTransportException failure) {
		cancelAttemptTimeout();
		String closedDuringTls = isTls(this.currentServerUri) ? TlsFailures.describeClosedConnect(failure) : null;
		this.lastDisconnectReason = (closedDuringTls != null) ? closedDuringTls : describe(failure);
		if (!this.running) {
			return;
		}
		if (this.triedInRound < this.serverUris.size()) {
			logger.debug("Could not connect to MQTT broker " + this.currentServerUri + ": " + this.lastDisconnectReason
					+ "; trying the next server URI");
			connect();
			return;
		}
		// Credentials that expire (tokens) are refused once they did: ask for fresh ones at
		// once, but only once until a connection succeeds, so that a provider that keeps
		// returning bad ones does not hammer the broker
		boolean refusedCredentials = failure.getKind() == Kind.REFUSED
				&& (failure.getReasonCode() == BAD_USER_NAME_OR_PASSWORD || failure.getReasonCode() == NOT_AUTHORIZED);
		long delay;
		if (refusedCredentials && !this.credentialsRetried) {
			this.credentialsRetried = true;
			delay = 0;
		}
		else {
			delay = nextDelay();
		}
		String message = "Could not connect to MQTT broker " + this.serverUris + " as '" + this.transport.clientId()
				+ "': " + this.lastDisconnectReason + "; next attempt in " + delay + " ms"
				+ ((delay == 0) ? ", with credentials asked for again" : "");
		if (closedDuringTls != null || isRefusal(failure)) {
			// Retrying will not help until credentials, certificates or the broker change
			logger.error(message);
		}
		else {
			logger.warn(message);
		}
		publishEvent(new MqttConnectionFailedEvent(this.eventSource, failure));
		scheduleRound(delay);
	}

	private void connected(ConnectResult result) {
		cancelAttemptTimeout();
		this.credentialsRetried = false;
		boolean reconnect = this.everConnected;
		if (reconnect) {
			this.reconnects.incrementAndGet();
		}
		this.everConnected = true;
		this.sessionPresent = result.sessionPresent();
		this.currentServerUri = result.serverUri();
		this.state = MqttConnectionState.CONNECTED;
		scheduleBackOffReset();
		logger.info("Connected to MQTT broker " + this.currentServerUri + " as '" + this.transport.clientId()
				+ "' (" + this.transport.protocolVersion() + ", session present: " + result.sessionPresent() + ")");
		this.callbacks.connected(result);
		publishEvent(new MqttConnectedEvent(this.eventSource, this.currentServerUri, result.sessionPresent(),
				reconnect));
	}

	private long nextDelay() {
		if (this.backOffExecution == null) {
			this.backOffExecution = this.reconnectBackOff.start();
		}
		long delay = this.backOffExecution.nextBackOff();
		return (delay == BackOffExecution.STOP) ? Long.MAX_VALUE : delay;
	}

	private void scheduleRound(long delay) {
		if (this.running && this.pendingAttempt == null && delay != Long.MAX_VALUE) {
			this.lastDelay = delay;
			this.pendingAttempt = this.connectExecutor.schedule(this::startRound, delay, TimeUnit.MILLISECONDS);
		}
	}

	private void scheduleBackOffReset() {
		cancelBackOffReset();
		long stableAfter = Math.max(this.backOffResetAfter.toMillis(), this.lastDelay);
		this.pendingBackOffReset = this.connectExecutor.schedule(() -> {
			if (this.transport.isConnected()) {
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

	private void cancelAttemptTimeout() {
		if (this.pendingAttemptTimeout != null) {
			this.pendingAttemptTimeout.cancel(false);
			this.pendingAttemptTimeout = null;
		}
	}

	private void cancelPendingAttempt() {
		if (this.pendingAttempt != null) {
			this.pendingAttempt.cancel(false);
			this.pendingAttempt = null;
		}
	}

	void execute(Runnable task) {
		try {
			this.connectExecutor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Destroyed: no more connection work
		}
	}

	private void publishEvent(ApplicationEvent event) {
		this.events.accept(event);
	}

	static String describe(Throwable exception) {
		String tlsFailure = TlsFailures.describe(exception);
		return (tlsFailure != null) ? tlsFailure : FailureMessages.describe(exception);
	}

	private static MqttTransportException asTransportException(Throwable failure) {
		Throwable cause = (failure instanceof java.util.concurrent.CompletionException) ? failure.getCause() : failure;
		return (cause instanceof MqttTransportException transportException) ? transportException
				: new MqttTransportException(Kind.OTHER, FailureMessages.describe(cause), cause);
	}

	private static boolean isTls(String serverUri) {
		return serverUri.startsWith("ssl://") || serverUri.startsWith("wss://");
	}

	private static boolean isRefusal(MqttTransportException failure) {
		return TlsFailures.describe(failure) != null || failure.getKind() == Kind.REFUSED
				|| failure.getKind() == Kind.PROTOCOL_VERSION;
	}

	MqttConnectionState state() {
		return this.state;
	}

	boolean isRunning() {
		return this.running;
	}

	List<String> serverUris() {
		return this.serverUris;
	}

	String currentServerUri() {
		return this.currentServerUri;
	}

	String lastDisconnectReason() {
		return this.lastDisconnectReason;
	}

	boolean sessionPresent() {
		return this.sessionPresent;
	}

	long reconnects() {
		return this.reconnects.get();
	}

	long connectionLosses() {
		return this.connectionLosses.get();
	}

	long sessionTakeovers() {
		return this.sessionTakeovers.get();
	}

}
