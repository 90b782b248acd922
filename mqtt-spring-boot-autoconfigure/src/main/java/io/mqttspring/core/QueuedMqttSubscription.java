package io.mqttspring.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttInboundDelivery;
import io.mqttspring.connection.MqttSubscriptionHandle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * An {@link MqttSubscription} over a bounded queue of deliveries.
 * <p>
 * A queued delivery leaves the connection's acknowledgement order at once
 * ({@link MqttInboundDelivery#deferAcknowledgment()}), so that the PUBACKs of other
 * listeners' messages never wait for a subscription nobody reads; it is acknowledged when
 * it is handed out. Beyond the queue's capacity a QoS 1 or 2 message is withheld (the
 * broker keeps it) and a QoS 0 message, which the broker does not keep, is dropped. The
 * delivery thread never waits here.
 */
final class QueuedMqttSubscription implements MqttSubscription {

	private static final Log logger = LogFactory.getLog(QueuedMqttSubscription.class);

	private final TopicTemplate topic;

	private final int capacity;

	private final String connectionName;

	private final InboundMessageFactory messageFactory;

	private final MqttPayloadConverter payloadConverter;

	private final ObservationRegistry observationRegistry;

	private final Consumer<QueuedMqttSubscription> onClose;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Deque<MqttInboundDelivery> queue = new ArrayDeque<>();

	private final AtomicInteger emitting = new AtomicInteger();

	private final AtomicBoolean fluxCreated = new AtomicBoolean();

	private volatile FluxSink<Message<byte[]>> sink;

	private volatile MqttSubscriptionHandle handle;

	private boolean closed;

	private boolean warnedFull;

	QueuedMqttSubscription(TopicTemplate topic, int capacity, String connectionName,
			InboundMessageFactory messageFactory, MqttPayloadConverter payloadConverter,
			ObservationRegistry observationRegistry, Consumer<QueuedMqttSubscription> onClose) {
		this.topic = topic;
		this.capacity = capacity;
		this.connectionName = connectionName;
		this.messageFactory = messageFactory;
		this.payloadConverter = payloadConverter;
		this.observationRegistry = observationRegistry;
		this.onClose = onClose;
	}

	void subscribed(MqttSubscriptionHandle handle) {
		this.handle = handle;
	}

	/**
	 * Take a delivery from the connection; never waits.
	 * @param delivery the delivery
	 */
	void offer(MqttInboundDelivery delivery) {
		boolean queued = false;
		boolean warn = false;
		this.lock.lock();
		try {
			if (!this.closed && this.queue.size() < this.capacity) {
				this.queue.addLast(delivery);
				this.notEmpty.signal();
				queued = true;
				this.warnedFull = false;
			}
			else if (!this.closed && !this.warnedFull) {
				this.warnedFull = true;
				warn = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (queued) {
			delivery.deferAcknowledgment();
			emit();
			return;
		}
		if (warn) {
			logger.warn("The subscription to '" + getTopicFilter() + "' holds " + this.capacity + " messages nobody "
					+ "took (mqtt.template.receive-queue-capacity): further ones are left with the broker (QoS 1 and "
					+ "2) or dropped (QoS 0) until receive() takes some");
		}
		// A QoS 0 message has nothing to withhold: it is gone
		delivery.withhold();
	}

	@Override
	public Message<byte[]> receive(Duration timeout) throws InterruptedException {
		Assert.isTrue(timeout != null && !timeout.isNegative(),
				() -> "The time-out must be zero or positive, but was " + timeout);
		MqttInboundDelivery delivery;
		this.lock.lockInterruptibly();
		try {
			Assert.state(!this.closed, () -> "The subscription to '" + getTopicFilter() + "' is closed");
			long remaining = timeout.toNanos();
			while (this.queue.isEmpty() && !this.closed) {
				if (remaining <= 0) {
					return null;
				}
				remaining = this.notEmpty.awaitNanos(remaining);
			}
			delivery = this.queue.pollFirst();
		}
		finally {
			this.lock.unlock();
		}
		return (delivery != null) ? handOut(delivery) : null;
	}

	@Override
	public <T> Message<T> receive(Duration timeout, Class<T> payloadType) throws InterruptedException {
		Assert.notNull(payloadType, "The payload type must not be null");
		Message<byte[]> message = receive(timeout);
		if (message == null) {
			return null;
		}
		@SuppressWarnings("unchecked")
		T payload = (T) this.payloadConverter.fromPayload(message.getPayload(), payloadType);
		return MessageBuilder.withPayload(payload).copyHeaders(message.getHeaders()).build();
	}

	@Override
	public String getTopicFilter() {
		return this.topic.filter();
	}

	@Override
	public Flux<Message<byte[]>> flux() {
		Assert.state(this.fluxCreated.compareAndSet(false, true),
				() -> "The subscription to '" + getTopicFilter() + "' has a flux already");
		return Flux.create((sink) -> {
			this.sink = sink;
			sink.onRequest((requested) -> emit());
			sink.onDispose(this::close);
			emit();
		});
	}

	// One thread at a time emits, in a loop: a subscriber requesting more from onNext does
	// not nest emissions
	private void emit() {
		if (this.sink == null || this.emitting.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			FluxSink<Message<byte[]>> current = this.sink;
			while (current != null && current.requestedFromDownstream() > 0) {
				MqttInboundDelivery delivery = poll();
				if (delivery == null) {
					break;
				}
				current.next(handOut(delivery));
			}
			missed = this.emitting.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private MqttInboundDelivery poll() {
		this.lock.lock();
		try {
			return this.queue.pollFirst();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Message<byte[]> handOut(MqttInboundDelivery delivery) {
		delivery.acknowledge();
		Observation.createNotStarted("mqtt.listener", this.observationRegistry)
			.contextualName("mqtt receive " + getTopicFilter())
			.lowCardinalityKeyValue("listener", getTopicFilter())
			.lowCardinalityKeyValue("connection", this.connectionName)
			.lowCardinalityKeyValue("result", "success")
			.start()
			.stop();
		Map<String, Object> headers = this.messageFactory.toHeaders(delivery.getMessage());
		if (this.topic.hasVariables() && this.topic.matches(delivery.getTopic())) {
			headers.put(TopicTemplate.VARIABLES_HEADER, this.topic.extract(delivery.getTopic()));
		}
		return this.messageFactory.toMessage(delivery.getMessage(), headers);
	}

	/**
	 * How many messages wait to be taken.
	 * @return the number of queued messages
	 */
	int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String getConnectionName() {
		return this.connectionName;
	}

	@Override
	public void close() {
		List<MqttInboundDelivery> left;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			left = new ArrayList<>(this.queue);
			this.queue.clear();
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (this.handle != null) {
			this.handle.unsubscribe();
		}
		// Not acknowledged: a persistent session delivers them again
		left.forEach(MqttInboundDelivery::withhold);
		FluxSink<Message<byte[]>> current = this.sink;
		if (current != null) {
			current.complete();
		}
		this.onClose.accept(this);
	}

	@Override
	public String toString() {
		return "MqttSubscription[" + getTopicFilter() + " on " + this.connectionName + "]";
	}

}
