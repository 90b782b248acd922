package io.mqttspring.connection.transport.pahov3;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import javax.net.SocketFactory;

import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PahoLogging;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.PublishPacketSize;
import io.mqttspring.connection.transport.SocketFactoryTransport;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.SubscriptionRequest;
import io.mqttspring.connection.transport.TcpNoDelaySocketFactory;
import io.mqttspring.connection.transport.TransportListener;
import io.mqttspring.connection.transport.TransportSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The MQTT 3.1.1 and 3.1 transport on the Eclipse Paho MQTTv3 client. The protocol
 * version is always set: Paho's default falls back from 3.1.1 to 3.1 after any failure
 * and hides the real error. Paho's automatic reconnect is off and acknowledgements are
 * manual; unlike Paho MQTTv5, it completes QoS 2 deliveries (PUBCOMP) only when told to,
 * so a withheld QoS 2 message comes again with a persistent session.
 */
public final class PahoV3Transport implements MqttTransport, SocketFactoryTransport {

	private static final Log logger = LogFactory.getLog(PahoV3Transport.class);

	private final MqttAsyncClient client;

	private final MqttConnectOptions options;

	private final MqttProtocolVersion protocolVersion;

	private volatile TransportListener listener;

	/**
	 * Create a transport.
	 * @param settings the connection's settings, for MQTT 3.1.1 or 3.1
	 * @param customizer adjusts Paho's options after the settings were applied
	 */
	public PahoV3Transport(TransportSettings settings, Consumer<MqttConnectOptions> customizer) {
		PahoLogging.quietPerMessageLogging();
		if (settings.protocolVersion().isMqtt5()) {
			throw new IllegalArgumentException("Paho MQTTv3 speaks MQTT 3.1.1 and 3.1, not " + settings.protocolVersion());
		}
		this.protocolVersion = settings.protocolVersion();
		this.options = options(settings);
		customizer.accept(this.options);
		if (this.options.getSocketFactory() == null && TcpNoDelaySocketFactory.servesAll(settings.serverUris())) {
			this.options.setSocketFactory(new TcpNoDelaySocketFactory());
		}
		// Never let Paho pick: it would hide a refusal of 3.1.1 behind a retry with 3.1
		this.options.setMqttVersion((this.protocolVersion == MqttProtocolVersion.MQTT_3_1)
				? MqttConnectOptions.MQTT_VERSION_3_1 : MqttConnectOptions.MQTT_VERSION_3_1_1);
		this.options.setAutomaticReconnect(false);
		try {
			this.client = new MqttAsyncClient(settings.serverUris().get(0), settings.clientId(), new MemoryPersistence());
		}
		catch (MqttException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid MQTT client settings (server URIs " + settings.serverUris()
					+ ", client id '" + settings.clientId() + "'): " + FailureMessages.describe(ex), ex);
		}
		this.client.setCallback(new Callback());
		this.client.setManualAcks(true);
	}

	private static MqttConnectOptions options(TransportSettings settings) {
		MqttConnectOptions options = new MqttConnectOptions();
		options.setServerURIs(settings.serverUris().toArray(String[]::new));
		options.setCleanSession(settings.cleanStart());
		options.setKeepAliveInterval(Math.toIntExact(settings.keepAlive().toSeconds()));
		options.setConnectionTimeout(Math.toIntExact(settings.connectionTimeout().toSeconds()));
		// The caller keeps within it: it is the in-flight window the caller sees
		options.setMaxInflight(settings.maxInFlight());
		if (settings.socketFactory() != null) {
			options.setSocketFactory(settings.socketFactory());
		}
		options.setHttpsHostnameVerificationEnabled(settings.verifyHostname());
		if (!settings.websocketHeaders().isEmpty()) {
			Properties headers = new Properties();
			headers.putAll(settings.websocketHeaders());
			options.setCustomWebSocketHeaders(headers);
		}
		TransportSettings.WillMessage will = settings.will();
		if (will != null) {
			options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
		}
		return options;
	}

	/**
	 * The options every connect uses; the server URI and the credentials are set per
	 * attempt.
	 * @return Paho's connect options
	 */
	public MqttConnectOptions getConnectOptions() {
		return this.options;
	}

	@Override
	public SocketFactory getSocketFactory() {
		return this.options.getSocketFactory();
	}

	@Override
	public void setSocketFactory(SocketFactory socketFactory) {
		this.options.setSocketFactory(Objects.requireNonNull(socketFactory, "socketFactory must not be null"));
	}

	@Override
	public String clientId() {
		return this.client.getClientId();
	}

	@Override
	public MqttProtocolVersion protocolVersion() {
		return this.protocolVersion;
	}

	@Override
	public void setListener(TransportListener listener) {
		this.listener = listener;
	}

	@Override
	public CompletableFuture<ConnectResult> connect(ConnectRequest request) {
		CompletableFuture<ConnectResult> result = new CompletableFuture<>();
		this.options.setServerURIs(new String[] { request.serverUri() });
		this.options.setUserName(request.username());
		// Paho MQTTv3 cannot take a null password
		if (request.password() != null) {
			this.options.setPassword(request.password());
		}
		try {
			this.client.connect(this.options, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					result.complete(new ConnectResult(request.serverUri(), token.getSessionPresent(),
							PahoV3Transport.this.options.getMaxInflight(), 0, false));
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					result.completeExceptionally(PahoV3Failures.connectFailed(exception, request.serverUri(),
							PahoV3Transport.this.protocolVersion));
				}

			});
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV3Failures.connectFailed(ex, request.serverUri(), this.protocolVersion));
		}
		return result;
	}

	@Override
	public void abandonConnect() {
		try {
			this.client.disconnectForcibly(0, 0, false);
		}
		catch (MqttException ex) {
			// No attempt in progress
		}
	}

	@Override
	public void disconnect(Duration timeout) {
		if (!this.client.isConnected()) {
			return;
		}
		try {
			this.client.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis() + 1000L);
		}
		catch (MqttException ex) {
			logger.debug("Error while disconnecting from the MQTT broker", ex);
		}
	}

	@Override
	public boolean isConnected() {
		return this.client.isConnected();
	}

	@Override
	public void publish(OutboundPublish message, Consumer<PublishAck> acknowledged) throws MqttTransportException {
		if (!message.properties().isEmpty()) {
			throw new MqttTransportException(MqttTransportException.Kind.OTHER,
					"MQTT 5 properties cannot be sent over " + this.protocolVersion, null);
		}
		MqttMessage mqttMessage = new MqttMessage(message.payload());
		mqttMessage.setQos(message.qos());
		mqttMessage.setRetained(message.retained());
		try {
			this.client.publish(message.topic(), mqttMessage, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					acknowledged.accept(new PublishAck(token.getMessageId(), 0));
				}

				// Paho fails the publishes in flight when the connection is lost, which the
				// listener hears of
				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
				}

			});
		}
		catch (MqttException ex) {
			throw PahoV3Failures.sendFailed(ex);
		}
	}

	@Override
	public CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions) {
		CompletableFuture<List<SubscribeResult>> result = new CompletableFuture<>();
		String[] filters = subscriptions.stream().map(SubscriptionRequest::topicFilter).toArray(String[]::new);
		int[] qos = subscriptions.stream().mapToInt(SubscriptionRequest::qos).toArray();
		try {
			this.client.subscribe(filters, qos, null, new IMqttActionListener() {

				// A refused filter is granted 0x80
				@Override
				public void onSuccess(IMqttToken token) {
					int[] granted = token.getGrantedQos();
					result.complete(IntStream.range(0, filters.length)
						.mapToObj((i) -> new SubscribeResult(filters[i], (granted != null && granted.length > i)
								? granted[i] : qos[i]))
						.toList());
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					result.completeExceptionally(PahoV3Failures.sendFailed(asMqttException(exception)));
				}

			});
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV3Failures.sendFailed(ex));
		}
		return result;
	}

	@Override
	public CompletableFuture<Void> unsubscribe(List<String> topicFilters) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		try {
			this.client.unsubscribe(topicFilters.toArray(String[]::new), null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					result.complete(null);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					result.completeExceptionally(PahoV3Failures.sendFailed(asMqttException(exception)));
				}

			});
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV3Failures.sendFailed(ex));
		}
		return result;
	}

	private static MqttException asMqttException(Throwable exception) {
		return (exception instanceof MqttException mqttException) ? mqttException : new MqttException(exception);
	}

	@Override
	public void acknowledge(InboundPublish message) throws MqttTransportException {
		if (message.qos() == 0) {
			return;
		}
		try {
			this.client.messageArrivedComplete(message.packetId(), message.qos());
		}
		catch (MqttException ex) {
			throw PahoV3Failures.sendFailed(ex);
		}
	}

	@Override
	public boolean completesQos2OnAcknowledge() {
		return true;
	}

	@Override
	public boolean resendsInFlightPublishes() {
		return !this.options.isCleanSession();
	}

	@Override
	public long packetSize(OutboundPublish message) {
		return PublishPacketSize.mqtt3(message);
	}

	@Override
	public void close() {
		try {
			this.client.close(true);
		}
		catch (MqttException ex) {
			logger.debug("Error while closing the MQTT client", ex);
		}
	}

	private final class Callback implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			// Never throw: Paho closes the connection when this callback throws
			try {
				PahoV3Transport.this.listener.messageArrived(new InboundPublish(topic, message.getPayload(),
						message.getQos(), message.isRetained(), message.isDuplicate(), message.getId(),
						MqttPublishProperties.NONE, message));
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected error while dispatching a message from '" + topic + "'", ex);
			}
		}

		@Override
		public void connectionLost(Throwable cause) {
			PahoV3Transport.this.listener.connectionLost(PahoV3Failures.connectionLost(cause));
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

}
