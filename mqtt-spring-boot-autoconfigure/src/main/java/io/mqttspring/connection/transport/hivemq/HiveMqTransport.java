package io.mqttspring.connection.transport.hivemq;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javax.net.SocketFactory;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.PublishPacketSize;
import io.mqttspring.connection.transport.SocketFactoryTransport;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.SubscriptionRequest;
import io.mqttspring.connection.transport.TransportListener;
import io.mqttspring.connection.transport.TransportSettings;
import io.reactivex.schedulers.Schedulers;

/**
 * The MQTT 5 and 3.1.1 transport on the HiveMQ MQTT client ({@code mqtt.transport=hivemq}).
 * <ul>
 * <li>The client's automatic reconnect stays off: the connection's supervisor reconnects.
 * Every connect attempt builds a client of its own for the attempt's server URI (the
 * library fixes the server per client), so nothing of a lost connection is left in the
 * library; publishes in flight are sent again by the caller
 * ({@link #resendsInFlightPublishes()} is {@code false}).</li>
 * <li>Every message arrives through one flow with manual acknowledgement; the client sends
 * a PUBACK (QoS 1) or PUBREC (QoS 2) once {@link #acknowledge} confirmed the message and
 * every message before it, in the order they arrived, as MQTT requires. A message that is
 * never acknowledged therefore holds back the acknowledgements of the later ones until the
 * connection is lost (Paho sends those out of order).</li>
 * <li>The broker's Receive Maximum limits the publishes in flight in the client too; the
 * caller keeps within it, so the client's own queue stays short.</li>
 * <li>Each transport has one Netty thread of its own, which does the network I/O and calls
 * the listener, like Paho's threads: when the listener waits (its queues are full), the
 * client stops reading and the broker is held back by TCP, rather than messages piling up
 * in the client. The thread ends when the transport is closed.</li>
 * <li>The library does not expose the packet identifier and DUP flag of received messages,
 * nor a publish's packet identifier: they are reported as 0 and {@code false}.</li>
 * </ul>
 */
public final class HiveMqTransport implements MqttTransport, SocketFactoryTransport {

	private final TransportSettings settings;

	private final Executor nettyExecutor;

	private final Object monitor = new Object();

	private volatile SocketFactory socketFactory;

	private volatile TransportListener listener;

	// The current attempt or connection; guarded by monitor
	private volatile HiveMqConnection connection;

	private boolean closed;

	/**
	 * Create a transport.
	 * @param settings the connection's settings, for MQTT 5 or 3.1.1
	 * @throws IllegalArgumentException for MQTT 3.1, which the HiveMQ client does not speak,
	 * or a server URI it cannot connect to
	 */
	public HiveMqTransport(TransportSettings settings) {
		if (settings.protocolVersion() == MqttProtocolVersion.MQTT_3_1) {
			throw new IllegalArgumentException("The HiveMQ MQTT client speaks MQTT 5 and 3.1.1, not "
					+ settings.protocolVersion() + ": use mqtt.transport=paho for MQTT 3.1");
		}
		this.settings = settings;
		this.socketFactory = settings.socketFactory();
		// Fail at start-up, not at the first attempt, on a URI or TLS set-up that cannot work
		settings.serverUris().forEach((uri) -> HiveMqTransportConfigs.of(uri, settings, this.socketFactory));
		String threadName = "mqtt-hivemq-" + settings.clientId();
		// One thread per Netty event loop, ended with it
		this.nettyExecutor = (task) -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			thread.start();
		};
	}

	@Override
	public SocketFactory getSocketFactory() {
		return this.socketFactory;
	}

	/**
	 * Use other TLS material from the next connect attempt on; it must come from an SSL
	 * bundle ({@link io.mqttspring.connection.transport.TlsMaterial}).
	 * @param socketFactory the socket factory of the SSL bundle
	 */
	@Override
	public void setSocketFactory(SocketFactory socketFactory) {
		Objects.requireNonNull(socketFactory, "socketFactory must not be null");
		this.settings.serverUris().forEach((uri) -> HiveMqTransportConfigs.of(uri, this.settings, socketFactory));
		this.socketFactory = socketFactory;
	}

	@Override
	public String clientId() {
		return this.settings.clientId();
	}

	@Override
	public MqttProtocolVersion protocolVersion() {
		return this.settings.protocolVersion();
	}

	@Override
	public void setListener(TransportListener listener) {
		this.listener = listener;
	}

	@Override
	public CompletableFuture<ConnectResult> connect(ConnectRequest request) {
		HiveMqConnection next;
		synchronized (this.monitor) {
			if (this.closed) {
				return CompletableFuture.failedFuture(HiveMqFailures.notConnected());
			}
			HiveMqConnection previous = this.connection;
			try {
				next = newConnection(request.serverUri());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(HiveMqFailures.connectFailed(ex, request.serverUri(),
						protocolVersion()));
			}
			next.startReceiving();
			this.connection = next;
			// After the new client holds the event loop, so that its thread lives on
			if (previous != null) {
				previous.release();
			}
		}
		return next.connect(request);
	}

	private HiveMqConnection newConnection(String serverUri) {
		MqttClientBuilder builder = MqttClient.builder()
			.identifier(this.settings.clientId())
			.transportConfig(HiveMqTransportConfigs.of(serverUri, this.settings, this.socketFactory))
			// The listener is called on the event loop, not on RxJava's computation threads
			.executorConfig(MqttClientExecutorConfig.builder()
				.nettyExecutor(this.nettyExecutor)
				.nettyThreads(1)
				.applicationScheduler(Schedulers.trampoline())
				.build());
		Events events = new Events();
		return this.settings.protocolVersion().isMqtt5()
				? new HiveMqV5Connection(builder, serverUri, this.settings, events)
				: new HiveMqV3Connection(builder, serverUri, this.settings, events);
	}

	@Override
	public void abandonConnect() {
		HiveMqConnection current = this.connection;
		if (current != null) {
			current.abandon();
		}
	}

	@Override
	public void disconnect(Duration timeout) {
		HiveMqConnection current = this.connection;
		if (current != null) {
			current.disconnect(timeout);
		}
	}

	@Override
	public boolean isConnected() {
		HiveMqConnection current = this.connection;
		return current != null && current.isConnected();
	}

	@Override
	public void publish(OutboundPublish message, Consumer<PublishAck> acknowledged) throws MqttTransportException {
		current().publish(message, acknowledged);
	}

	@Override
	public CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions) {
		try {
			return current().subscribe(subscriptions);
		}
		catch (MqttTransportException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public CompletableFuture<Void> unsubscribe(List<String> topicFilters) {
		try {
			return current().unsubscribe(topicFilters);
		}
		catch (MqttTransportException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private HiveMqConnection current() throws MqttTransportException {
		HiveMqConnection current = this.connection;
		if (current == null) {
			throw HiveMqFailures.notConnected();
		}
		current.checkConnected();
		return current;
	}

	@Override
	public void acknowledge(InboundPublish message) throws MqttTransportException {
		if (message.qos() == 0) {
			return;
		}
		HiveMqConnection current = this.connection;
		if (current == null) {
			throw HiveMqFailures.notConnected();
		}
		current.acknowledge(message);
	}

	@Override
	public boolean completesQos2OnAcknowledge() {
		return true;
	}

	@Override
	public boolean resendsInFlightPublishes() {
		return false;
	}

	@Override
	public long packetSize(OutboundPublish message) {
		return protocolVersion().isMqtt5() ? PublishPacketSize.mqtt5(message) : PublishPacketSize.mqtt3(message);
	}

	@Override
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			if (this.connection != null) {
				this.connection.release();
			}
		}
	}

	/**
	 * What the connections report, passed on while they are the current one.
	 */
	final class Events {

		void messageArrived(InboundPublish message) {
			HiveMqTransport.this.listener.messageArrived(message);
		}

		void connectionLost(HiveMqConnection lost, MqttTransportException cause) {
			if (lost == HiveMqTransport.this.connection) {
				HiveMqTransport.this.listener.connectionLost(cause);
			}
		}

	}

}
