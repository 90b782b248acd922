package io.mqttspring.connection.transport.hivemq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.SubscriptionRequest;
import io.reactivex.disposables.Disposable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One connect attempt of the HiveMQ transport, and the connection it makes: a HiveMQ
 * client of its own, built for the server URI of the attempt, with every message arriving
 * through one flow with manual acknowledgement. A new one for every attempt leaves nothing
 * of an earlier connection in the library (session state, publish flows, acknowledgements
 * held back behind a withheld message): what must survive a connection loss is kept above
 * the transport. The subclasses speak MQTT 5 and MQTT 3.1.1.
 */
abstract class HiveMqConnection {

	private static final Log logger = LogFactory.getLog(HiveMqTransport.class);

	private final String serverUri;

	private final HiveMqTransport.Events events;

	private volatile boolean established;

	// Disconnected or abandoned by us: nothing to report when the connection goes
	private volatile boolean leaving;

	private Disposable inbound;

	HiveMqConnection(String serverUri, HiveMqTransport.Events events) {
		this.serverUri = serverUri;
		this.events = events;
	}

	/**
	 * Receive the messages of the client from now on, before it connects: a resumed
	 * session's messages arrive right after the CONNACK.
	 */
	final void startReceiving() {
		this.inbound = receive(this::deliver);
	}

	private void deliver(InboundPublish message) {
		// Never throw: an error ends the client's publish flow
		try {
			this.events.messageArrived(message);
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error while dispatching a message from '" + message.topic() + "'", ex);
		}
	}

	/**
	 * The client ended its publish flow: its session ended with the connection, and the
	 * next attempt receives through a client of its own.
	 * @param cause why
	 */
	static void sessionEnded(Throwable cause) {
		logger.trace("The HiveMQ client's publish flow ended", cause);
	}

	final String serverUri() {
		return this.serverUri;
	}

	/**
	 * Called by the client on its event loop when the broker accepted the connection,
	 * before the connect future completes.
	 */
	final void onConnected() {
		this.established = true;
		if (this.leaving) {
			// Abandoned while the broker was answering: close it at once
			sendDisconnect();
		}
	}

	/**
	 * Called by the client on its event loop when a connection or a connect attempt ended.
	 * @param context why
	 */
	final void onDisconnected(MqttClientDisconnectedContext context) {
		boolean wasEstablished = this.established;
		this.established = false;
		if (wasEstablished && !this.leaving) {
			this.events.connectionLost(this, HiveMqFailures.connectionLost(context.getCause(), context.getSource()));
		}
	}

	final boolean isConnected() {
		return this.established && !this.leaving && clientConnected();
	}

	final void disconnect(Duration timeout) {
		this.leaving = true;
		if (!clientConnected()) {
			return;
		}
		try {
			sendDisconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Error while disconnecting from the MQTT broker", ex);
		}
	}

	/**
	 * Give the attempt up: a connection it makes later is closed at once.
	 */
	final void abandon() {
		this.leaving = true;
		if (clientConnected()) {
			sendDisconnect();
		}
	}

	/**
	 * Release the client: no more messages, the connection closed, and the client's hold on
	 * its event loop let go, so that its thread ends once no client uses it.
	 */
	final void release() {
		abandon();
		if (this.inbound != null) {
			this.inbound.dispose();
		}
	}

	final void checkConnected() throws MqttTransportException {
		if (!isConnected()) {
			throw HiveMqFailures.notConnected();
		}
	}

	/**
	 * Subscribe to every message of the client with manual acknowledgement.
	 * @param consumer receives the messages, on the client's event loop
	 * @return the subscription to dispose of
	 */
	abstract Disposable receive(Consumer<InboundPublish> consumer);

	/**
	 * Connect the client.
	 * @param request the credentials
	 * @return what the broker granted, or the failure as an {@link MqttTransportException}
	 */
	abstract CompletableFuture<ConnectResult> connect(ConnectRequest request);

	abstract boolean clientConnected();

	abstract CompletableFuture<Void> sendDisconnect();

	abstract void publish(OutboundPublish message, Consumer<PublishAck> acknowledged) throws MqttTransportException;

	abstract CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions);

	abstract CompletableFuture<Void> unsubscribe(List<String> topicFilters);

	abstract void acknowledge(InboundPublish message) throws MqttTransportException;

}
