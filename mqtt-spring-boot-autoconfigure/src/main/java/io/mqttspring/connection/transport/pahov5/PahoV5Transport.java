package io.mqttspring.connection.transport.pahov5;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javax.net.SocketFactory;

import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
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
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The MQTT 5 transport on the Eclipse Paho MQTTv5 client: Paho's automatic reconnect is
 * off, acknowledgements are manual, and every message arrives through one callback (Paho's
 * per-subscription listeners misroute shared subscriptions).
 */
public final class PahoV5Transport implements MqttTransport, SocketFactoryTransport {

	private static final Log logger = LogFactory.getLog(PahoV5Transport.class);

	private final MqttAsyncClient client;

	private final MqttConnectionOptions options;

	private volatile TransportListener listener;

	/**
	 * Create a transport.
	 * @param settings the connection's settings
	 * @param customizer adjusts Paho's options after the settings were applied
	 */
	public PahoV5Transport(TransportSettings settings, Consumer<MqttConnectionOptions> customizer) {
		PahoLogging.quietPerMessageLogging();
		this.options = options(settings);
		customizer.accept(this.options);
		if (this.options.getSocketFactory() == null && TcpNoDelaySocketFactory.servesAll(settings.serverUris())) {
			this.options.setSocketFactory(new TcpNoDelaySocketFactory());
		}
		// Reconnecting is the caller's: Paho's delay is a static field shared by every client
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

	private static MqttConnectionOptions options(TransportSettings settings) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(settings.serverUris().toArray(String[]::new));
		options.setCleanStart(settings.cleanStart());
		options.setReceiveMaximum(settings.receiveMaximum());
		options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
		options.setKeepAliveInterval(Math.toIntExact(settings.keepAlive().toSeconds()));
		options.setConnectionTimeout(Math.toIntExact(settings.connectionTimeout().toSeconds()));
		if (settings.socketFactory() != null) {
			options.setSocketFactory(settings.socketFactory());
		}
		options.setHttpsHostnameVerificationEnabled(settings.verifyHostname());
		if (!settings.websocketHeaders().isEmpty()) {
			options.setCustomWebSocketHeaders(new LinkedHashMap<>(settings.websocketHeaders()));
		}
		TransportSettings.WillMessage will = settings.will();
		if (will != null) {
			MqttMessage message = new MqttMessage(will.payload());
			message.setQos(will.qos());
			message.setRetained(will.retained());
			options.setWill(will.topic(), message);
			MqttProperties properties = PahoV5Messages.toMqttProperties(will.properties());
			properties.setWillDelayInterval(will.delay().toSeconds());
			options.setWillMessageProperties(properties);
		}
		return options;
	}


	/**
	 * The options every connect uses; the server URI and the credentials are set per
	 * attempt.
	 * @return Paho's connection options
	 */
	public MqttConnectionOptions getConnectionOptions() {
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
		return MqttProtocolVersion.MQTT_5;
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
		this.options.setPassword((request.password() != null) ? utf8(request.password()) : null);
		try {
			this.client.connect(this.options, null, new MqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					result.complete(connected(request.serverUri(), token));
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					result.completeExceptionally(PahoV5Failures.connectFailed(exception, request.serverUri()));
				}

			});
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV5Failures.connectFailed(ex, request.serverUri()));
		}
		return result;
	}

	private static byte[] utf8(char[] password) {
		ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
		byte[] bytes = new byte[encoded.remaining()];
		encoded.get(bytes);
		return bytes;
	}

	private static ConnectResult connected(String serverUri, IMqttToken token) {
		MqttProperties connack = token.getResponseProperties();
		Integer receiveMaximum = (connack != null) ? connack.getReceiveMaximum() : null;
		Long maximumPacketSize = (connack != null) ? connack.getMaximumPacketSize() : null;
		return new ConnectResult(serverUri, token.getSessionPresent(),
				(receiveMaximum != null && receiveMaximum > 0) ? receiveMaximum
						: ConnectResult.UNLIMITED_RECEIVE_MAXIMUM,
				(maximumPacketSize != null) ? maximumPacketSize : 0,
				connack == null || connack.isSubscriptionIdentifiersAvailable());
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
		try {
			this.client.publish(message.topic(), PahoV5Messages.toMqttMessage(message), null, new MqttActionListener() {

				// Paho 1.2.5 reports a PUBACK/PUBREC with a failure reason code as success
				@Override
				public void onSuccess(IMqttToken token) {
					int[] reasonCodes = token.getReasonCodes();
					acknowledged.accept(new PublishAck(token.getMessageId(),
							(reasonCodes != null && reasonCodes.length > 0) ? reasonCodes[0] : 0));
				}

				// Paho fails the publishes in flight when the connection is lost, which the
				// listener hears of
				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
				}

			});
		}
		catch (MqttException ex) {
			throw PahoV5Failures.sendFailed(ex);
		}
	}

	@Override
	public CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions) {
		// A subscription identifier is a property of the whole SUBSCRIBE packet
		List<CompletableFuture<SubscribeResult>> results = new ArrayList<>();
		for (SubscriptionRequest subscription : subscriptions) {
			results.add(subscribe(subscription));
		}
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply((done) -> results.stream().map(CompletableFuture::join).toList());
	}

	private CompletableFuture<SubscribeResult> subscribe(SubscriptionRequest request) {
		CompletableFuture<SubscribeResult> result = new CompletableFuture<>();
		MqttProperties properties = new MqttProperties();
		if (request.subscriptionIdentifier() > 0) {
			properties.setSubscriptionIdentifier(request.subscriptionIdentifier());
		}
		try {
			this.client.subscribe(new MqttSubscription[] { new MqttSubscription(request.topicFilter(), request.qos()) },
					null, new MqttActionListener() {

						@Override
						public void onSuccess(IMqttToken token) {
							int[] reasonCodes = token.getReasonCodes();
							result.complete(new SubscribeResult(request.topicFilter(),
									(reasonCodes != null && reasonCodes.length > 0) ? reasonCodes[0] : request.qos()));
						}

						@Override
						public void onFailure(IMqttToken token, Throwable exception) {
							result.completeExceptionally(PahoV5Failures.sendFailed(asMqttException(exception)));
						}

					}, properties);
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV5Failures.sendFailed(ex));
		}
		return result;
	}

	@Override
	public CompletableFuture<Void> unsubscribe(List<String> topicFilters) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		try {
			this.client.unsubscribe(topicFilters.toArray(String[]::new), null, new MqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					result.complete(null);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					result.completeExceptionally(PahoV5Failures.sendFailed(asMqttException(exception)));
				}

			}, new MqttProperties());
		}
		catch (MqttException ex) {
			result.completeExceptionally(PahoV5Failures.sendFailed(ex));
		}
		return result;
	}

	private static MqttException asMqttException(Throwable exception) {
		return (exception instanceof MqttException mqttException) ? mqttException : new MqttException(exception);
	}

	@Override
	public void acknowledge(InboundPublish message) throws MqttTransportException {
		try {
			PahoV5ManualAcks.acknowledge(this.client, message.unwrap(MqttMessage.class));
		}
		catch (MqttException ex) {
			throw PahoV5Failures.sendFailed(ex);
		}
	}

	@Override
	public boolean completesQos2OnAcknowledge() {
		return false;
	}

	@Override
	public boolean resendsInFlightPublishes() {
		return !this.options.isCleanStart();
	}

	@Override
	public long packetSize(OutboundPublish message) {
		return PublishPacketSize.mqtt5(message);
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
				PahoV5Transport.this.listener.messageArrived(PahoV5Messages.toInboundPublish(topic, message));
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected error while dispatching a message from '" + topic + "'", ex);
			}
		}

		@Override
		public void disconnected(MqttDisconnectResponse response) {
			PahoV5Transport.this.listener.connectionLost(PahoV5Failures.connectionLost(response));
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
			PahoV5Transport.this.listener.protocolError(PahoV5Failures.sendFailed(exception));
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

}
