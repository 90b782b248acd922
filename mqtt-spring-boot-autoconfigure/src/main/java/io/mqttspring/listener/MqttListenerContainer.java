package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttInboundDelivery;
import io.mqttspring.connection.MqttMessageHandler;
import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.InboundMessageFactory;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.TopicTemplate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Runs one {@link MqttListenerEndpoint}: while running, its topics are subscribed on the
 * shared client and each message is processed on the listener's own threads (ordered per
 * topic): the method is invoked, and tried again after a back-off when it fails and
 * retries are enabled; its result is published when it has {@code @SendTo}, and the
 * message is acknowledged according to the {@link AckMode}. A failure that remains goes,
 * in this order, to the listener's error handler; when there is none or it rethrew, to a
 * dead-letter topic when dead letters are enabled; else to the error channel or the log.
 * Nothing a listener does reaches the connection.
 */
public class MqttListenerContainer {

	private static final Log logger = LogFactory.getLog(MqttListenerContainer.class);

	private static final String SHARED_SUBSCRIPTION_PREFIX = "$share/";

	private final MqttListenerEndpoint endpoint;

	private final List<TopicTemplate> topics;

	private final InvocableHandlerMethod handlerMethod;

	private final Collaborators collaborators;

	private final MqttListenerErrorHandler errorHandler;

	private final ListenerRetry retry;

	private final DeadLetterPublisher deadLetters;

	// The threads of this listener sleeping before a retry, for stop() to wake
	private final Set<Thread> backingOff = ConcurrentHashMap.newKeySet();

	private final List<MqttSubscriptionHandle> subscriptions = new ArrayList<>();

	private final MqttMessageHandler handler = this::dispatch;

	private final AtomicLong messagesHandled = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private TopicOrderedExecutor executor;

	MqttListenerContainer(MqttListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod,
			MqttListenerErrorHandler errorHandler, Collaborators collaborators) {
		this.endpoint = endpoint;
		this.topics = ListenerDefinitionChecks.topics(endpoint);
		ListenerDefinitionChecks.check(endpoint, this.topics, collaborators.client());
		this.retry = ListenerRetry.forEndpoint(endpoint, collaborators.retrySettings());
		this.handlerMethod = handlerMethod;
		this.errorHandler = errorHandler;
		this.collaborators = collaborators;
		this.deadLetters = (collaborators.deadLetterTopicResolver() != null)
				? new DeadLetterPublisher(collaborators.deadLetterTopicResolver(), collaborators.replies(),
						collaborators.client().getProtocolVersion().isMqtt5())
				: null;
	}

	/**
	 * The endpoint this container runs.
	 * @return the endpoint
	 */
	public MqttListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * The topic filters as subscribed at the broker, with the shared-subscription prefix
	 * when the listener has a group.
	 * @return the topic filters
	 */
	public List<String> getTopicFilters() {
		return this.topics.stream().map((topic) -> subscriptionFilter(topic.filter())).toList();
	}

	private String subscriptionFilter(String filter) {
		return (this.endpoint.group() != null) ? SHARED_SUBSCRIPTION_PREFIX + this.endpoint.group() + "/" + filter
				: filter;
	}

	/**
	 * The broker's answer to the subscriptions of the listener's filters.
	 * @return the future of the lowest granted QoS; it fails when the broker refused one
	 * of them, or when the listener is not running
	 */
	public synchronized CompletableFuture<Integer> whenSubscribed() {
		if (this.subscriptions.isEmpty()) {
			return CompletableFuture.failedFuture(new IllegalStateException(this.endpoint.describe() + " is not running"));
		}
		List<CompletableFuture<Integer>> answers = this.subscriptions.stream()
			.map(MqttSubscriptionHandle::whenSubscribed)
			.toList();
		return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
			.thenApply((done) -> answers.stream().mapToInt(CompletableFuture::join).min().orElse(0));
	}

	/**
	 * How many messages the listener method was invoked with.
	 * @return the number of messages
	 */
	public long getMessagesHandled() {
		return this.messagesHandled.get();
	}

	/**
	 * How many messages the listener method failed on, after their retries.
	 * @return the number of failures
	 */
	public long getFailures() {
		return this.failures.get();
	}

	/**
	 * How many received messages wait for the listener's threads.
	 * @return the number of queued messages
	 */
	public synchronized int getQueueDepth() {
		return (this.executor != null) ? this.executor.queued() : 0;
	}

	/**
	 * The name of the connection the listener subscribes on.
	 * @return the connection name
	 */
	public String getConnectionName() {
		return this.collaborators.client().getConnectionName();
	}

	/**
	 * Subscribe the listener's topics and start its threads.
	 */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = new TopicOrderedExecutor("mqtt-listener-" + this.endpoint.id(), this.endpoint.concurrency(),
				this.collaborators.queueCapacity(), this.collaborators.client()::newReceivingThreadFactory);
		for (String filter : getTopicFilters()) {
			this.subscriptions.add(this.collaborators.client().subscribe(filter, this.endpoint.qos(), this.handler));
		}
	}

	/**
	 * Unsubscribe the listener's topics and stop its threads, letting the messages in
	 * progress finish for at most the shutdown timeout. Messages that were queued but not
	 * started, and messages waiting for a retry, are not acknowledged: the waits end at
	 * once.
	 */
	public synchronized void stop() {
		if (this.executor == null) {
			return;
		}
		this.subscriptions.forEach(MqttSubscriptionHandle::unsubscribe);
		this.subscriptions.clear();
		for (Runnable notStarted : this.executor.shutdown()) {
			((Delivery) notStarted).delivery.withhold();
		}
		// After shutdown(): a thread that starts a back-off from now on sees it and skips it
		this.backingOff.forEach(Thread::interrupt);
		this.executor.awaitTermination(this.collaborators.shutdownTimeout());
		this.executor = null;
	}

	/**
	 * Whether the listener is subscribed and processing.
	 * @return whether running
	 */
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void dispatch(MqttInboundDelivery delivery) {
		TopicOrderedExecutor current;
		synchronized (this) {
			current = this.executor;
		}
		if (current == null) {
			delivery.withhold();
			return;
		}
		try {
			current.execute(delivery.getTopic(), new Delivery(delivery, current));
		}
		catch (RejectedExecutionException ex) {
			delivery.withhold();
		}
	}

	private void process(MqttInboundDelivery delivery, TopicOrderedExecutor executor) {
		Message<byte[]> message = toMessage(delivery);
		BackOffHold hold = new BackOffHold(delivery, message, executor);
		ListenerRetry.Attempts attempts = new ListenerRetry.Attempts(hold);
		Object result = null;
		Exception failure = null;
		try {
			// One observation for all attempts: the timer counts messages, not attempts
			result = Observation
				.createNotStarted(this.collaborators.observationConvention(),
						DefaultMqttListenerObservationConvention.INSTANCE,
						() -> new MqttListenerObservationContext(this.endpoint.id(),
								this.collaborators.client().getConnectionName(), delivery.getTopic(),
								delivery.getMessage()),
						this.collaborators.observationRegistry())
				.observeChecked(() -> this.retry.invoke(() -> this.handlerMethod.invoke(message), attempts));
		}
		catch (Exception ex) {
			failure = ex;
		}
		finally {
			hold.release();
		}
		this.messagesHandled.incrementAndGet();
		if (failure != null) {
			this.failures.incrementAndGet();
			if (attempts.interrupted()) {
				logger.info(this.endpoint.describe() + " stopped while waiting to try the message from topic '"
						+ delivery.getTopic() + "' again after " + attempts.count()
						+ ((attempts.count() == 1) ? " failed attempt" : " failed attempts") + "; it is not acknowledged");
				delivery.withhold();
				return;
			}
			handleFailure(delivery, message, failure, attempts.count());
			return;
		}
		reply(message, result);
		if (this.endpoint.ackMode() == AckMode.AUTO) {
			delivery.acknowledge();
		}
	}

	private Message<byte[]> toMessage(MqttInboundDelivery delivery) {
		InboundMessageFactory messageFactory = this.collaborators.messageFactory();
		Map<String, Object> headers = messageFactory.toHeaders(delivery.getMessage());
		headers.put(MqttListenerHeaders.LISTENER_ID, this.endpoint.id());
		if (this.endpoint.ackMode() == AckMode.MANUAL) {
			headers.put(MqttListenerHeaders.ACKNOWLEDGMENT, (MqttAcknowledgment) delivery::acknowledge);
		}
		for (TopicTemplate topic : this.topics) {
			if (topic.hasVariables() && topic.matches(delivery.getTopic())) {
				headers.put(MqttListenerHeaders.TOPIC_VARIABLES, topic.extract(delivery.getTopic()));
				break;
			}
		}
		return messageFactory.toMessage(delivery.getMessage(), headers);
	}

	// The order of docs/reliability.md: error handler, dead letter, error channel or log
	private void handleFailure(MqttInboundDelivery delivery, Message<byte[]> message, Exception exception,
			int attempts) {
		MqttListenerExecutionFailedException failure = new MqttListenerExecutionFailedException(this.endpoint.id(),
				this.endpoint.describe() + " failed on a message from topic '" + delivery.getTopic() + "'"
						+ ((attempts > 1) ? " after " + attempts + " attempts" : ""),
				message, exception);
		if (this.errorHandler != null) {
			Exception rethrown = handleWithErrorHandler(message, failure);
			if (rethrown == null) {
				acknowledgeIfAuto(delivery, true);
			}
			else if (!deadLetter(delivery, message, failure, attempts)) {
				logger.error(failure.getMessage() + "; its error handler '" + this.endpoint.errorHandler()
						+ "' rethrew, so the message is not acknowledged", rethrown);
				acknowledgeIfAuto(delivery, false);
			}
			return;
		}
		if (!deadLetter(delivery, message, failure, attempts)) {
			acknowledgeIfAuto(delivery, sendToErrorChannel(failure));
		}
	}

	private void acknowledgeIfAuto(MqttInboundDelivery delivery, boolean acknowledge) {
		if (this.endpoint.ackMode() == AckMode.AUTO) {
			if (acknowledge) {
				delivery.acknowledge();
			}
			else {
				delivery.withhold();
			}
		}
	}

	// null when handled, else what the error handler threw
	private Exception handleWithErrorHandler(Message<byte[]> message, MqttListenerExecutionFailedException failure) {
		Object result;
		try {
			result = this.errorHandler.handleError(message, failure);
		}
		catch (Exception ex) {
			return ex;
		}
		logger.warn(failure.getMessage() + "; handled by error handler '" + this.endpoint.errorHandler() + "'",
				failure.getCause());
		reply(message, result);
		return null;
	}

	/**
	 * Publish the dead letter of a failed message when dead letters are enabled and the
	 * resolver names a topic; the message is settled once the broker answered, in either
	 * ack mode: acknowledged when it took the dead letter, else left unacknowledged.
	 * @return whether the failure is taken care of, now or when the publish completes
	 */
	private boolean deadLetter(MqttInboundDelivery delivery, Message<byte[]> message,
			MqttListenerExecutionFailedException failure, int attempts) {
		if (this.deadLetters == null) {
			return false;
		}
		String topic;
		try {
			topic = this.deadLetters.resolveTopic(message, failure);
		}
		catch (RuntimeException ex) {
			ex.addSuppressed(failure);
			logger.error(failure.getMessage() + "; the dead-letter topic resolver failed, so the message is not "
					+ "acknowledged", ex);
			delivery.withhold();
			return true;
		}
		if (topic == null) {
			return false;
		}
		Throwable exception = failure.getCause();
		String details = "original topic '" + delivery.getTopic() + "', listener '" + this.endpoint.id() + "', "
				+ attempts + ((attempts == 1) ? " attempt" : " attempts") + ", " + exception;
		this.deadLetters.publish(topic, delivery.getMessage(), this.endpoint.id(), exception, attempts)
			.whenComplete((published, publishFailure) -> {
				if (publishFailure != null) {
					logger.error(failure.getMessage() + "; its dead letter to '" + topic + "' (" + details
							+ ") was not published, so the message is not acknowledged", publishFailure);
					delivery.withhold();
					return;
				}
				// Also the record of the details on MQTT 3.1.1 and 3.1, whose dead letters have no properties
				logger.warn(failure.getMessage() + "; published as dead letter to '" + topic + "' (" + details + ")",
						exception);
				this.collaborators.retryListeners()
					.forEach((listener) -> tell(listener, () -> listener.onDeadLetter(this.endpoint.id(),
							getConnectionName(), message, topic, attempts, exception)));
				delivery.acknowledge();
			});
		return true;
	}

	private void tell(MqttListenerRetryListener listener, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("MqttListenerRetryListener " + listener + " failed", ex);
		}
	}

	// Spring Integration's errorChannel logs what it receives: no second log here
	private boolean sendToErrorChannel(MqttListenerExecutionFailedException failure) {
		MessageChannel errorChannel = this.collaborators.errorChannel().get();
		if (errorChannel == null) {
			logger.error(failure.getMessage(), failure.getCause());
			return true;
		}
		try {
			errorChannel.send(new ErrorMessage(failure));
			return true;
		}
		catch (RuntimeException ex) {
			logger.error(failure.getMessage() + "; the error channel failed too, so the message is not acknowledged",
					ex);
			return false;
		}
	}

	private void reply(Message<byte[]> request, Object result) {
		if (this.endpoint.replyTopic() == null || result == null) {
			return;
		}
		String topic = this.endpoint.replyTopic().isEmpty()
				? request.getHeaders().get(MqttHeaders.RESPONSE_TOPIC, String.class) : this.endpoint.replyTopic();
		if (topic == null) {
			logger.error(this.endpoint.describe() + " returned a reply for the message from topic '"
					+ request.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)
					+ "', but @SendTo has no topic and the message has no MQTT 5 response topic; the reply is dropped");
			return;
		}
		MessageBuilder<?> reply = (result instanceof Message<?> message) ? MessageBuilder.fromMessage(message)
				: MessageBuilder.withPayload(result);
		reply.setHeader(MqttHeaders.TOPIC, topic);
		Object correlationData = request.getHeaders().get(MqttHeaders.CORRELATION_DATA);
		if (correlationData != null) {
			reply.setHeaderIfAbsent(MqttHeaders.CORRELATION_DATA, correlationData);
		}
		this.collaborators.replies().get().send(reply.build()).whenComplete((published, failure) -> {
			if (failure != null) {
				logger.error(this.endpoint.describe() + " could not publish its reply to '" + topic + "'", failure);
			}
		});
	}

	/**
	 * While a message waits for its next attempt, it and the messages queued behind it on
	 * the same thread leave the order of acknowledgements: the PUBACKs of other topics and
	 * listeners, which MQTT sends in arrival order, must not wait for a back-off, and the
	 * broker's in-flight window must not fill up with them.
	 */
	private final class BackOffHold implements ListenerRetry.BackOffListener {

		private final MqttInboundDelivery delivery;

		private final Message<byte[]> message;

		private final TopicOrderedExecutor executor;

		private boolean holding;

		private boolean backedOff;

		BackOffHold(MqttInboundDelivery delivery, Message<byte[]> message, TopicOrderedExecutor executor) {
			this.delivery = delivery;
			this.message = message;
			this.executor = executor;
		}

		@Override
		public void backingOff(int failedAttempt, Throwable failure, Duration backOff) {
			if (!this.holding) {
				this.holding = true;
				this.delivery.deferAcknowledgment();
				this.executor.holdUp(this.delivery.getTopic(),
						(queued) -> ((Delivery) queued).delivery.deferAcknowledgment());
			}
			this.backedOff = true;
			Thread thread = Thread.currentThread();
			MqttListenerContainer.this.backingOff.add(thread);
			if (this.executor.isShutdown()) {
				// stop() may have looked for sleeping threads before this one was added
				thread.interrupt();
			}
			String id = MqttListenerContainer.this.endpoint.id();
			if (logger.isDebugEnabled()) {
				logger.debug(MqttListenerContainer.this.endpoint.describe() + " failed attempt " + failedAttempt
						+ " of " + MqttListenerContainer.this.retry.maxAttempts() + " on a message from topic '"
						+ this.delivery.getTopic() + "'; trying again in " + backOff.toMillis() + " ms", failure);
			}
			MqttListenerContainer.this.collaborators.retryListeners()
				.forEach((listener) -> tell(listener, () -> listener.onRetry(id, getConnectionName(), this.message,
						failedAttempt, failure, backOff)));
		}

		@Override
		public void backOffEnded() {
			MqttListenerContainer.this.backingOff.remove(Thread.currentThread());
		}

		// Only a message that backed off can have left its thread in backingOff
		void release() {
			if (this.backedOff) {
				backOffEnded();
			}
			if (this.holding) {
				this.executor.release(this.delivery.getTopic());
			}
		}

	}

	private final class Delivery implements Runnable {

		private final MqttInboundDelivery delivery;

		private final TopicOrderedExecutor executor;

		Delivery(MqttInboundDelivery delivery, TopicOrderedExecutor executor) {
			this.delivery = delivery;
			this.executor = executor;
		}

		@Override
		public void run() {
			try {
				process(this.delivery, this.executor);
			}
			catch (RuntimeException ex) {
				logger.error(MqttListenerContainer.this.endpoint.describe() + " failed unexpectedly", ex);
				if (MqttListenerContainer.this.endpoint.ackMode() == AckMode.AUTO) {
					this.delivery.acknowledge();
				}
			}
			finally {
				// The method holds the acknowledgment: later messages' acknowledgements must
				// not wait for it
				if (MqttListenerContainer.this.endpoint.ackMode() == AckMode.MANUAL) {
					this.delivery.deferAcknowledgment();
				}
			}
		}

	}

	/**
	 * What the containers of one registry share.
	 */
	record Collaborators(SharedMqttClient client, InboundMessageFactory messageFactory,
			ObservationRegistry observationRegistry, MqttListenerObservationConvention observationConvention,
			Supplier<MessageChannel> errorChannel, Supplier<MqttOperations> replies, int queueCapacity,
			Duration shutdownTimeout, MqttListenerRetrySettings retrySettings,
			MqttDeadLetterTopicResolver deadLetterTopicResolver, List<MqttListenerRetryListener> retryListeners) {

		/**
		 * The same collaborators for the listeners of another connection.
		 */
		Collaborators forClient(SharedMqttClient client, Supplier<MqttOperations> replies) {
			return new Collaborators(client, this.messageFactory, this.observationRegistry, this.observationConvention,
					this.errorChannel, replies, this.queueCapacity, this.shutdownTimeout, this.retrySettings,
					this.deadLetterTopicResolver, this.retryListeners);
		}

	}

}
