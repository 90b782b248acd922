package io.mqttspring.listener;

import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttInboundDelivery;
import io.mqttspring.connection.MqttMessageHandler;
import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
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
 * topic): the method is invoked, its failure goes to the error handler, the error channel
 * or the log, its result is published when it has {@code @SendTo}, and the message is
 * acknowledged according to the {@link AckMode}. Nothing a listener does reaches the
 * connection.
 */
public class MqttListenerContainer {

	private static final Log logger = LogFactory.getLog(MqttListenerContainer.class);

	private static final String SHARED_SUBSCRIPTION_PREFIX = "$share/";

	private final MqttListenerEndpoint endpoint;

	private final List<TopicTemplate> topics;

	private final InvocableHandlerMethod handlerMethod;

	private final Collaborators collaborators;

	private final MqttListenerErrorHandler errorHandler;

	private final List<MqttSubscriptionHandle> subscriptions = new ArrayList<>();

	private final MqttMessageHandler handler = this::dispatch;

	private final AtomicLong messagesHandled = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private TopicOrderedExecutor executor;

	MqttListenerContainer(MqttListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod,
			MqttListenerErrorHandler errorHandler, Collaborators collaborators) {
		this.endpoint = endpoint;
		this.topics = parseTopics(endpoint);
		validate(endpoint, this.topics, collaborators.client());
		this.handlerMethod = handlerMethod;
		this.errorHandler = errorHandler;
		this.collaborators = collaborators;
	}

	private static List<TopicTemplate> parseTopics(MqttListenerEndpoint endpoint) {
		if (endpoint.topics().isEmpty()) {
			throw invalid(endpoint, "needs at least one topic", "Name the topics to subscribe to with "
					+ "@MqttListener(topics = ...)");
		}
		List<TopicTemplate> templates = new ArrayList<>();
		for (String topic : endpoint.topics()) {
			try {
				templates.add(TopicTemplate.parse(topic));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(endpoint, "has an invalid topic filter '" + topic + "': " + ex.getMessage(),
						"Correct the filter in @MqttListener(topics), or the property its placeholder names: '+' "
								+ "and '#' stand for whole levels, '#' only for the last one, and a {name} variable "
								+ "is a whole level");
			}
		}
		return templates;
	}

	private static void validate(MqttListenerEndpoint endpoint, List<TopicTemplate> topics, SharedMqttClient client) {
		if (endpoint.qos() < 0 || endpoint.qos() > 2) {
			throw invalid(endpoint, "has qos " + endpoint.qos() + "; it must be 0, 1 or 2",
					"Set qos to 0, 1 or 2 in @MqttListener");
		}
		if (endpoint.concurrency() < 1) {
			throw invalid(endpoint, "has concurrency " + endpoint.concurrency() + "; it must be at least 1",
					"Set concurrency to 1 or more in @MqttListener");
		}
		if (endpoint.group() != null && !endpoint.group().matches("[^/+#]+")) {
			throw invalid(endpoint, "has group '" + endpoint.group() + "'; a group name must not contain '/', '+' or "
					+ "'#'", "Choose a group name without '/', '+' and '#'");
		}
		boolean acknowledgmentParameter = false;
		for (Parameter parameter : endpoint.method().getParameters()) {
			acknowledgmentParameter |= MqttAcknowledgment.class.isAssignableFrom(parameter.getType());
			TopicVariable variable = parameter.getAnnotation(TopicVariable.class);
			if (variable != null) {
				for (TopicTemplate topic : topics) {
					if (!topic.hasVariable(variable.value())) {
						throw invalid(endpoint, "binds @TopicVariable(\"" + variable.value() + "\") but topic '"
								+ topic.template() + "' has no {" + variable.value() + "} level",
								"Add a {" + variable.value() + "} level to every topic of the listener, or bind a "
										+ "variable that every topic has");
					}
				}
			}
		}
		MqttProtocolVersion version = client.getProtocolVersion();
		if ("".equals(endpoint.replyTopic()) && !version.isMqtt5()) {
			throw invalid(endpoint, "has @SendTo without a topic, which replies to the request's response topic, but "
					+ "the connection speaks " + version + " (mqtt.protocol-version=" + version.value()
					+ "), whose messages have none", "Give @SendTo a topic, or use MQTT 5 (mqtt.protocol-version=5)");
		}
		if (endpoint.ackMode() == AckMode.MANUAL) {
			if (endpoint.qos() == 2 && !client.getTransport().completesQos2OnAcknowledge()) {
				throw invalid(endpoint, "has ackMode MANUAL with qos 2, which cannot work on " + version + " with "
						+ "Paho: the MQTT client acknowledges receipt of a QoS 2 message (PUBREC) before the listener "
						+ "runs, and completes it, so a withheld acknowledgment would never make the broker deliver it "
						+ "again", "Use qos = 1, or MQTT 3.1.1 (mqtt.protocol-version=3.1.1), where the "
								+ "acknowledgment completes QoS 2 deliveries");
			}
			if (!acknowledgmentParameter) {
				throw invalid(endpoint, "has ackMode MANUAL but no MqttAcknowledgment parameter to acknowledge with",
						"Add an MqttAcknowledgment parameter and call its acknowledge(), or use ackMode = "
								+ "AckMode.AUTO");
			}
		}
		else if (acknowledgmentParameter) {
			throw invalid(endpoint, "takes an MqttAcknowledgment parameter, which needs ackMode = AckMode.MANUAL",
					"Set ackMode = AckMode.MANUAL, or remove the parameter");
		}
	}

	private static MqttListenerDefinitionException invalid(MqttListenerEndpoint endpoint, String problem,
			String action) {
		return new MqttListenerDefinitionException(endpoint.describe() + " " + problem, action);
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
	 * How many invocations of the listener method failed.
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
	 * started are not acknowledged.
	 */
	public synchronized void stop() {
		if (this.executor == null) {
			return;
		}
		this.subscriptions.forEach(MqttSubscriptionHandle::unsubscribe);
		this.subscriptions.clear();
		for (Runnable notStarted : this.executor.shutdown(this.collaborators.shutdownTimeout())) {
			((Delivery) notStarted).delivery.withhold();
		}
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
			current.execute(delivery.getTopic(), new Delivery(delivery));
		}
		catch (RejectedExecutionException ex) {
			delivery.withhold();
		}
	}

	private void process(MqttInboundDelivery delivery) {
		Message<byte[]> message = toMessage(delivery);
		Object result;
		try {
			result = Observation
				.createNotStarted(this.collaborators.observationConvention(),
						DefaultMqttListenerObservationConvention.INSTANCE,
						() -> new MqttListenerObservationContext(this.endpoint.id(),
								this.collaborators.client().getConnectionName(), delivery.getTopic(),
								delivery.getMessage()),
						this.collaborators.observationRegistry())
				.observeChecked(() -> this.handlerMethod.invoke(message));
		}
		catch (Exception ex) {
			this.messagesHandled.incrementAndGet();
			this.failures.incrementAndGet();
			handleFailure(delivery, message, ex);
			return;
		}
		this.messagesHandled.incrementAndGet();
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

	private void handleFailure(MqttInboundDelivery delivery, Message<byte[]> message, Exception exception) {
		MqttListenerExecutionFailedException failure = new MqttListenerExecutionFailedException(this.endpoint.id(),
				this.endpoint.describe() + " failed on a message from topic '" + delivery.getTopic() + "'", message,
				exception);
		boolean handled;
		if (this.errorHandler != null) {
			handled = handleWithErrorHandler(message, failure);
		}
		else {
			handled = sendToErrorChannel(failure);
		}
		if (this.endpoint.ackMode() == AckMode.AUTO) {
			if (handled) {
				delivery.acknowledge();
			}
			else {
				delivery.withhold();
			}
		}
	}

	private boolean handleWithErrorHandler(Message<byte[]> message, MqttListenerExecutionFailedException failure) {
		Object result;
		try {
			result = this.errorHandler.handleError(message, failure);
		}
		catch (Exception ex) {
			logger.error(failure.getMessage() + "; its error handler '" + this.endpoint.errorHandler()
					+ "' rethrew, so the message is not acknowledged", ex);
			return false;
		}
		logger.warn(failure.getMessage() + "; handled by error handler '" + this.endpoint.errorHandler() + "'",
				failure.getCause());
		reply(message, result);
		return true;
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

	private final class Delivery implements Runnable {

		private final MqttInboundDelivery delivery;

		Delivery(MqttInboundDelivery delivery) {
			this.delivery = delivery;
		}

		@Override
		public void run() {
			try {
				process(this.delivery);
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
			Duration shutdownTimeout) {

		/**
		 * The same collaborators for the listeners of another connection.
		 */
		Collaborators forClient(SharedMqttClient client, Supplier<MqttOperations> replies) {
			return new Collaborators(client, this.messageFactory, this.observationRegistry, this.observationConvention,
					this.errorChannel, replies, this.queueCapacity, this.shutdownTimeout);
		}

	}

}
