package io.mqttspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttBrokerRefusalException;
import io.mqttspring.connection.MqttInboundDelivery;
import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.MqttTopics;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * Publishes messages on the application's shared MQTT connection, and sends MQTT 5
 * requests whose replies come back on one response topic per client.
 */
public class MqttTemplate implements MqttOperations {

	private static final Log logger = LogFactory.getLog(MqttTemplate.class);

	private final SharedMqttClient client;

	private final MqttPayloadConverter payloadConverter;

	private final Map<String, PendingRequest<?>> pendingRequests = new ConcurrentHashMap<>();

	private final Set<QueuedMqttSubscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final InboundMessageFactory messageFactory = new InboundMessageFactory();

	private int receiveQueueCapacity = 1000;

	private int defaultQos = 1;

	private boolean defaultRetained;

	private Duration publishTimeout = Duration.ofSeconds(30);

	private String replyTopicPrefix = "replies";

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private MqttPublishObservationConvention observationConvention;

	private volatile String replyTopic;

	public MqttTemplate(SharedMqttClient client, MqttPayloadConverter payloadConverter) {
		this.client = client;
		this.payloadConverter = payloadConverter;
	}

	/**
	 * The connection this template publishes on.
	 * @return the client
	 */
	public SharedMqttClient getClient() {
		return this.client;
	}

	/**
	 * Set the QoS of publishes that do not give one.
	 * @param defaultQos 0, 1 or 2
	 */
	public void setDefaultQos(int defaultQos) {
		Assert.isTrue(defaultQos >= 0 && defaultQos <= 2, () -> "QoS must be 0, 1 or 2 but was " + defaultQos);
		this.defaultQos = defaultQos;
	}

	/**
	 * Set whether publishes that do not say so ask the broker to retain messages.
	 * @param defaultRetained whether messages are retained
	 */
	public void setDefaultRetained(boolean defaultRetained) {
		this.defaultRetained = defaultRetained;
	}

	/**
	 * Set how long a publish may take from the call until the broker acknowledged it,
	 * waiting in the outbound buffer (for the connection or an in-flight slot) included,
	 * before its future fails.
	 * @param publishTimeout the time-out
	 */
	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

	/**
	 * Set how many messages a subscription made with {@link #subscribe(String, int)} holds
	 * until they are taken; further ones stay with the broker (QoS 1 and 2) or are dropped
	 * (QoS 0).
	 * @param receiveQueueCapacity the capacity, at least 1; 1000 by default
	 */
	public void setReceiveQueueCapacity(int receiveQueueCapacity) {
		Assert.isTrue(receiveQueueCapacity > 0, "The receive queue must hold at least one message");
		this.receiveQueueCapacity = receiveQueueCapacity;
	}

	/**
	 * Set the first levels of the response topic of {@link #request requests}; the
	 * client id follows: {@code <prefix>/<clientId>}.
	 * @param replyTopicPrefix the prefix, {@code replies} by default
	 */
	public void setReplyTopicPrefix(String replyTopicPrefix) {
		this.replyTopicPrefix = replyTopicPrefix;
	}

	/**
	 * Set the registry for {@code mqtt.publish} observations (timers, spans and trace
	 * propagation in MQTT 5 user properties); none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set a convention to replace {@link DefaultMqttPublishObservationConvention}.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(MqttPublishObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	@Override
	public CompletableFuture<MqttPublishResult> publish(String topic, Object payload) {
		return publish(topic, payload, this.defaultQos, this.defaultRetained);
	}

	// The common case on its own: no options object, no properties to build
	@Override
	public CompletableFuture<MqttPublishResult> publish(String topic, Object payload, int qos, boolean retained) {
		try {
			validate(topic, qos);
			return doPublish(topic, this.payloadConverter.toPayload(payload), qos, retained, null);
		}
		catch (RuntimeException ex) {
			return invalid(topic, ex);
		}
	}

	@Override
	public CompletableFuture<MqttPublishResult> publish(String topic, Object payload,
			Consumer<MqttPublishOptions> options) {
		try {
			MqttPublishOptions settings = new MqttPublishOptions(this.defaultQos, this.defaultRetained);
			options.accept(settings);
			validate(topic, settings.qos());
			requireMqtt5For(settings.properties(), "MQTT 5 properties");
			return doPublish(topic, this.payloadConverter.toPayload(payload), settings.qos(), settings.retained(),
					settings.properties());
		}
		catch (RuntimeException ex) {
			return invalid(topic, ex);
		}
	}

	@Override
	public CompletableFuture<MqttPublishResult> send(Message<?> message) {
		String topic = null;
		try {
			topic = OutboundMessageMapper.topic(message);
			Integer qos = OutboundMessageMapper.qos(message);
			Boolean retained = OutboundMessageMapper.retained(message);
			int effectiveQos = (qos != null) ? qos : this.defaultQos;
			validate(topic, effectiveQos);
			MqttPublishProperties.Builder properties = OutboundMessageMapper.properties(message.getHeaders());
			requireMqtt5For(properties, "headers that map to MQTT 5 properties");
			return doPublish(topic, this.payloadConverter.toPayload(message.getPayload()), effectiveQos,
					(retained != null) ? retained : this.defaultRetained, properties);
		}
		catch (RuntimeException ex) {
			return invalid(topic, ex);
		}
	}

	@Override
	public <T> CompletableFuture<T> request(String topic, Object payload, Class<T> replyType, Duration timeout) {
		MqttProtocolVersion version = this.client.getProtocolVersion();
		if (!version.isMqtt5()) {
			return CompletableFuture.failedFuture(new MqttPublishException(topic, "Could not send a request to '" + topic
					+ "': request/reply needs MQTT 5 (a response topic and correlation data in the message), but the "
					+ "connection speaks " + version + " (mqtt.protocol-version=" + version.value() + ")",
					MqttPublishException.NO_REASON_CODE, null));
		}
		String correlationId = UUID.randomUUID().toString();
		CompletableFuture<T> reply = new CompletableFuture<>();
		this.pendingRequests.put(correlationId, new PendingRequest<>(replyType, reply));
		String responseTopic = replyTopic();
		publish(topic, payload, (options) -> options.responseTopic(responseTopic).correlationData(correlationId))
			.whenComplete((published, failure) -> {
				if (failure != null) {
					reply.completeExceptionally(failure);
				}
			});
		// The caller's future completes after the pending request is gone
		return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, failure) -> this.pendingRequests.remove(correlationId))
			.exceptionallyCompose((failure) -> {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				return CompletableFuture.failedFuture((cause instanceof TimeoutException)
						? new MqttRequestTimeoutException(topic, "No reply to the request published to '" + topic
								+ "' arrived on '" + responseTopic + "' within " + timeout.toMillis() + " ms")
						: cause);
			});
	}

	@Override
	public MqttSubscription subscribe(String topicFilter, int qos) {
		return subscribe(topicFilter, qos, this.publishTimeout);
	}

	private static TopicTemplate parseFilter(String topicFilter) {
		Assert.hasLength(topicFilter, "The topic filter must not be empty");
		try {
			TopicTemplate topic = TopicTemplate.parse(topicFilter);
			MqttTopics.validateTopicFilter(topic.filter());
			return topic;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid topic filter '" + topicFilter + "': " + ex.getMessage(), ex);
		}
	}

	private MqttSubscription subscribe(String topicFilter, int qos, Duration timeout) {
		Assert.isTrue(qos >= 0 && qos <= 2, () -> "QoS must be 0, 1 or 2 but was " + qos);
		TopicTemplate topic = parseFilter(topicFilter);
		QueuedMqttSubscription subscription = new QueuedMqttSubscription(topic, this.receiveQueueCapacity,
				this.client.getConnectionName(), this.messageFactory, this.payloadConverter, this.observationRegistry,
				this.subscriptions::remove);
		MqttSubscriptionHandle handle = this.client.subscribe(topic.filter(), qos, subscription::offer);
		subscription.subscribed(handle);
		this.subscriptions.add(subscription);
		try {
			handle.whenSubscribed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return subscription;
		}
		catch (ExecutionException ex) {
			subscription.close();
			int reasonCode = (ex.getCause() instanceof MqttBrokerRefusalException refusal) ? refusal.getReasonCode()
					: MqttSubscribeException.NO_REASON_CODE;
			throw new MqttSubscribeException(topic.filter(), "Could not subscribe to '" + topic.filter() + "': "
					+ ex.getCause().getMessage(), reasonCode, ex.getCause());
		}
		catch (TimeoutException ex) {
			subscription.close();
			throw new MqttSubscribeException(topic.filter(), "The broker did not confirm the subscription to '"
					+ topic.filter() + "' within " + timeout.toMillis() + " ms: "
					+ this.client.getStatus().state() + ", last failure: " + this.client.getLastDisconnectReason(),
					MqttSubscribeException.NO_REASON_CODE, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			subscription.close();
			throw new MqttSubscribeException(topic.filter(), "Interrupted while subscribing to '" + topic.filter()
					+ "'", MqttSubscribeException.NO_REASON_CODE, ex);
		}
	}

	@Override
	public <T> Message<T> receive(String topicFilter, Class<T> payloadType, Duration timeout)
			throws InterruptedException {
		Assert.isTrue(timeout != null && !timeout.isNegative(),
				() -> "The time-out must be zero or positive, but was " + timeout);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (MqttSubscription subscription = subscribe(topicFilter, 1, timeout)) {
			return subscription.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), payloadType);
		}
	}

	/**
	 * The open subscriptions made with {@link #subscribe(String, int)}.
	 * @return the subscriptions
	 */
	public List<MqttSubscription> getSubscriptions() {
		return List.copyOf(this.subscriptions);
	}

	/**
	 * How many requests wait for their reply.
	 * @return the number of pending requests
	 */
	public int getPendingRequests() {
		return this.pendingRequests.size();
	}

	private String replyTopic() {
		String topic = this.replyTopic;
		if (topic == null) {
			synchronized (this.pendingRequests) {
				topic = this.replyTopic;
				if (topic == null) {
					topic = this.replyTopicPrefix + "/" + this.client.getClientId();
					// Subscribed before the first request is published, on the same connection,
					// so the broker knows it before any responder can answer
					this.client.subscribe(topic, 1, this::onReply);
					this.replyTopic = topic;
				}
			}
		}
		return topic;
	}

	private void onReply(MqttInboundDelivery delivery) {
		try {
			byte[] correlationData = delivery.getMessage().properties().correlationData();
			PendingRequest<?> pending = (correlationData != null)
					? this.pendingRequests.remove(new String(correlationData, StandardCharsets.UTF_8)) : null;
			if (pending == null) {
				if (logger.isDebugEnabled()) {
					logger.debug("Dropped a reply on '" + delivery.getTopic()
							+ "' that matches no pending request (late, or not ours)");
				}
				return;
			}
			pending.complete(this.payloadConverter, delivery.getMessage().payload());
		}
		finally {
			delivery.acknowledge();
		}
	}

	private void requireMqtt5For(MqttPublishProperties.Builder properties, String what) {
		MqttProtocolVersion version = this.client.getProtocolVersion();
		if (!version.isMqtt5() && !properties.isEmpty()) {
			throw new IllegalArgumentException(what + " " + describe(properties.build()) + " cannot be sent over "
					+ version + ", which this connection speaks (mqtt.protocol-version=" + version.value()
					+ "); remove them, or use MQTT 5");
		}
	}

	private static String describe(MqttPublishProperties properties) {
		List<String> names = new ArrayList<>();
		if (properties.contentType() != null) {
			names.add("content type");
		}
		if (properties.utf8Payload()) {
			names.add("payload format indicator");
		}
		if (properties.messageExpiryInterval() != null) {
			names.add("message expiry interval");
		}
		if (properties.responseTopic() != null) {
			names.add("response topic");
		}
		if (properties.correlationData() != null) {
			names.add("correlation data");
		}
		properties.userProperties().forEach((property) -> names.add("user property '" + property.name() + "'"));
		return names.toString();
	}

	private static void validate(String topic, int qos) {
		MqttTopics.validateTopicName(topic);
		Assert.isTrue(qos >= 0 && qos <= 2, () -> "QoS must be 0, 1 or 2 but was " + qos);
	}

	private static CompletableFuture<MqttPublishResult> invalid(String topic, RuntimeException ex) {
		return CompletableFuture.failedFuture(new MqttPublishException(topic,
				"Could not publish to '" + topic + "': " + FailureMessages.describe(ex),
				MqttPublishException.NO_REASON_CODE, ex));
	}

	/**
	 * Publish, observed.
	 * @param properties the MQTT 5 properties, or {@code null} for none
	 */
	private CompletableFuture<MqttPublishResult> doPublish(String topic, byte[] payload, int qos, boolean retained,
			MqttPublishProperties.Builder properties) {
		// Started before the message is built: tracing adds the trace context to its properties
		Observation observation = Observation
			.createNotStarted(this.observationConvention, DefaultMqttPublishObservationConvention.INSTANCE,
					() -> new MqttPublishObservationContext(this.client.getConnectionName(), topic, qos,
							(properties != null) ? properties : MqttPublishProperties.builder()),
					this.observationRegistry)
			.start();
		MqttPublishProperties.Builder observed = (observation.getContext() instanceof MqttPublishObservationContext context)
				? context.getCarrier() : properties;
		CompletableFuture<MqttPublishResult> result = new CompletableFuture<>();
		// Older protocols have no properties, so trace context cannot travel with the message
		MqttPublishProperties sent = (observed != null && this.client.getProtocolVersion().isMqtt5())
				? observed.build() : MqttPublishProperties.NONE;
		this.client.publish(new OutboundPublish(topic, payload, qos, retained, sent), this.publishTimeout)
			.whenComplete((ack, failure) -> complete(result, observation, topic, qos, ack, failure));
		return result;
	}

	private static void complete(CompletableFuture<MqttPublishResult> result, Observation observation, String topic,
			int qos, PublishAck ack, Throwable failure) {
		if (failure == null) {
			observation.stop();
			result.complete(new MqttPublishResult(topic, qos, ack.packetId(), ack.reasonCode()));
		}
		else {
			MqttPublishException exception = publishFailure(topic, failure);
			observation.error(exception);
			observation.stop();
			result.completeExceptionally(exception);
		}
	}

	private static MqttPublishException publishFailure(String topic, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		if (cause instanceof MqttBrokerRefusalException refusal) {
			return new MqttPublishException(topic, refusal.getMessage(), refusal.getReasonCode(), refusal);
		}
		if (cause instanceof PublishRejectedException rejected
				&& rejected.getReason() == PublishRejectedException.Reason.TIMEOUT) {
			return new MqttPublishException(topic, "Publish to '" + topic + "' " + cause.getMessage(),
					MqttPublishException.NO_REASON_CODE, cause);
		}
		return new MqttPublishException(topic,
				"Could not publish to '" + topic + "': " + FailureMessages.describe(cause),
				MqttPublishException.NO_REASON_CODE, cause);
	}

	private record PendingRequest<T>(Class<T> replyType, CompletableFuture<T> reply) {

		void complete(MqttPayloadConverter converter, byte[] payload) {
			try {
				this.reply.complete(this.replyType.cast(converter.fromPayload(payload, this.replyType)));
			}
			catch (RuntimeException ex) {
				this.reply.completeExceptionally(ex);
			}
		}

	}

}
