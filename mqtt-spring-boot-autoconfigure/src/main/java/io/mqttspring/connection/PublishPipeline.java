package io.mqttspring.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.mqttspring.connection.PublishRejectedException.Reason;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;

import org.springframework.util.Assert;

/**
 * The way of every publish from its caller to the transport, with bounded memory whatever
 * the broker does:
 * <ol>
 * <li>a bounded <em>outbound buffer</em> takes each publish that is not yet in flight;
 * when it is full the caller waits for room, for a bounded time, then the publish fails
 * (the way Kafka's producer blocks for {@code max.block.ms} when {@code buffer.memory} is
 * used up). A thread that receives for this client never waits
 * ({@link ClientThreads});</li>
 * <li>publishes leave the buffer in order while connected and an <em>in-flight slot</em>
 * is free (the smaller of the broker's Receive Maximum and the client's own limit);</li>
 * <li>when the connection is lost, publishes the transport does not keep for the session
 * go back, ahead of the buffer and in their original order, and are sent again after the
 * reconnect: a brief outage costs no publish.</li>
 * </ol>
 * One thread at a time hands publishes to the transport, in a loop: an acknowledgement or
 * a failed send on a transport thread never leads into another send on the same stack.
 * Every publish has a time-out from the moment it was admitted, checked by one sweep over
 * the queues every {@value #SWEEP_INTERVAL_MILLIS} ms rather than a timer task per publish
 * (whose scheduling and cancelling, on a queue of thousands, measured as the pipeline's
 * largest cost per message): a publish fails at most that much after its time-out.
 */
final class PublishPipeline {

	/** The client's own in-flight limit unless set otherwise. */
	static final int DEFAULT_MAX_IN_FLIGHT = 1000;





	/** How often the publishes are checked for their time-out. */
	static final long SWEEP_INTERVAL_MILLIS = 50;

	/**
	 * How often the connection may be lost while a publish is the oldest one in flight
	 * before that publish is given up as the reason.
	 */
	static final int LOSSES_BEFORE_BLAMING_OLDEST = 3;

	/**
	 * Hands publishes to the transport, which answers through
	 * {@link PublishPipeline#acknowledged} or {@link PublishPipeline#failed}.
	 */
	@FunctionalInterface
	interface Sender {

		/**
		 * Send a publish; never blocks.
		 * @param publish the publish
		 * @param attempt the attempt to quote in the answer
		 * @return whether the transport took it
		 */
		SendResult send(PendingPublish publish, int attempt);

	}

	enum SendResult {

		/** Taken: an answer follows, unless the connection is lost first. */
		SENT,

		/** Not taken: the connection is down, though the loss may not be reported yet. */
		NOT_CONNECTED,

		/** Not taken: the transport's own in-flight window is full. */
		BUSY

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final PendingPublishQueue buffer = new PendingPublishQueue();

	private final OutboundBufferRoom room = new OutboundBufferRoom(this.buffer, this.lock.newCondition());

	private final PendingPublishQueue resend = new PendingPublishQueue();

	private final PendingPublishQueue inFlight = new PendingPublishQueue();

	private final AtomicInteger drainRequests = new AtomicInteger();

	private final Map<Reason, AtomicLong> rejected = new EnumMap<>(Reason.class);

	private final Object client;

	private final ScheduledExecutorService timer;

	// Started with the first publish that has a time-out; guarded by the lock
	private boolean sweeping;

	private final Supplier<String> connectionDescription;

	private final Sender sender;

	private long sequence;

	private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

	private int limit = DEFAULT_MAX_IN_FLIGHT;

	private boolean open;

	// The transport's window is full although ours is not: wait for an acknowledgement
	private boolean paused;

	private boolean accepting = true;

	/**
	 * Create a pipeline.
	 * @param client the client whose receiving threads must not wait for room
	 * @param timer runs the publish time-outs
	 * @param connectionDescription describes the connection in messages, such as
	 * {@code client 'x' (state RECONNECTING, last failure: ...)}
	 * @param sender hands publishes to the transport
	 */
	PublishPipeline(Object client, ScheduledExecutorService timer, Supplier<String> connectionDescription,
			Sender sender) {
		this.client = client;
		this.timer = timer;
		this.connectionDescription = connectionDescription;
		this.sender = sender;
		for (Reason reason : Reason.values()) {
			this.rejected.put(reason, new AtomicLong());
		}
	}

	void setMaxInFlight(int maxInFlight) {
		Assert.isTrue(maxInFlight > 0, "The in-flight limit must be at least 1");
		locked(() -> {
			this.maxInFlight = maxInFlight;
			this.limit = Math.min(this.limit, maxInFlight);
		});
	}

	void setBufferLimits(int maxMessages, long maxBytes, Duration maxBlock) {
		Assert.isTrue(maxMessages > 0, "The outbound buffer must hold at least one message");
		Assert.isTrue(maxBytes > 0, "The outbound buffer must hold at least one byte");
		Assert.isTrue(!maxBlock.isNegative(), "The time to block must not be negative");
		locked(() -> this.room.setLimits(maxMessages, maxBytes, maxBlock));
	}

	/**
	 * Take a publish into the buffer, waiting for room if it is full, and send what can
	 * be sent.
	 * @param message the message
	 * @param timeout the time from now until it must be acknowledged; zero or negative
	 * for none
	 * @return the future of the broker's acknowledgement; it fails with
	 * {@link PublishRejectedException} when the publish is given up
	 */
	CompletableFuture<PublishAck> submit(OutboundPublish message, Duration timeout) {
		PendingPublish publish = new PendingPublish(message, timeout.toMillis());
		PublishRejectedException refusal;
		this.lock.lock();
		try {
			if (publish.timeoutMillis > 0 && !this.sweeping) {
				startSweeping();
			}
			refusal = admit(publish);
		}
		finally {
			this.lock.unlock();
		}
		if (refusal != null) {
			reject(publish, refusal);
		}
		else {
			drain();
		}
		return publish.future;
	}

	// Guarded by the lock
	private void startSweeping() {
		try {
			this.timer.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
			this.sweeping = true;
		}
		catch (RejectedExecutionException ex) {
			// The client is destroyed: its publishes are refused as stopping
		}
	}

	// Guarded by the lock
	private PublishRejectedException admit(PendingPublish publish) {
		if (!this.accepting) {
			return stopping("the MQTT client is stopping and takes no more publishes");
		}
		if (!this.room.fits(publish)) {
			PublishRejectedException refusal = this.room.refuseWaiting(publish, ClientThreads.isReceiving(this.client));
			if (refusal == null) {
				refusal = this.room.await(publish, () -> this.accepting, this.inFlight::size, this.connectionDescription);
			}
			if (refusal != null) {
				return refusal;
			}
		}
		publish.sequence = ++this.sequence;
		this.buffer.addLast(publish);
		this.room.added();
		return null;
	}

	/**
	 * Send what the window allows, on this thread, unless another thread is sending: then
	 * that thread goes on, so sends never nest and keep their order.
	 */
	void drain() {
		if (this.drainRequests.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			PendingPublish next;
			while ((next = nextToSend()) != null) {
				send(next, next.attempt);
			}
			missed = this.drainRequests.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private PendingPublish nextToSend() {
		this.lock.lock();
		try {
			if (!this.open || this.paused || this.inFlight.size() >= this.limit) {
				return null;
			}
			PendingPublish next = this.resend.pollFirst();
			if (next == null) {
				next = this.buffer.pollFirst();
				if (next == null) {
					return null;
				}
				this.room.freed();
			}
			next.state = PendingPublish.State.IN_FLIGHT;
			next.attempt++;
			this.inFlight.addLast(next);
			return next;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void send(PendingPublish publish, int attempt) {
		SendResult result;
		try {
			result = this.sender.send(publish, attempt);
		}
		catch (RuntimeException ex) {
			failed(publish, attempt, ex);
			return;
		}
		if (result != SendResult.SENT) {
			locked(() -> {
				if (publish.state == PendingPublish.State.IN_FLIGHT && publish.attempt == attempt) {
					this.inFlight.remove(publish);
					publish.state = PendingPublish.State.RESEND;
					this.resend.addInSequence(publish);
					if (result == SendResult.NOT_CONNECTED) {
						this.open = false;
					}
					else {
						this.paused = !this.inFlight.isEmpty();
					}
				}
			});
		}
	}

	/**
	 * The broker acknowledged a publish (or, at QoS 0, it was written).
	 * @param publish the publish
	 * @param attempt the attempt the transport answers
	 * @param ack the acknowledgement
	 */
	void acknowledged(PendingPublish publish, int attempt, PublishAck ack) {
		if (settle(publish, attempt)) {
			publish.future.complete(ack);
			drain();
		}
	}

	/**
	 * The transport failed a publish for good, such as a broker's refusal.
	 * @param publish the publish
	 * @param attempt the attempt the transport answers
	 * @param failure why
	 */
	void failed(PendingPublish publish, int attempt, Throwable failure) {
		if (settle(publish, attempt)) {
			publish.future.completeExceptionally(failure);
			drain();
		}
	}

	// An answer counts for the current attempt, even when its connection was lost since:
	// sending the publish again is then not needed
	private boolean settle(PendingPublish publish, int attempt) {
		this.lock.lock();
		try {
			if (publish.attempt != attempt) {
				return false;
			}
			if (publish.state == PendingPublish.State.IN_FLIGHT) {
				this.inFlight.remove(publish);
				this.paused = false;
			}
			else if (publish.state == PendingPublish.State.RESEND) {
				this.resend.remove(publish);
			}
			else {
				return false;
			}
			publish.state = PendingPublish.State.DONE;
		}
		finally {
			this.lock.unlock();
		}
		return true;
	}

	/**
	 * The connection is up: send what waits, publishes to send again first.
	 * @param receiveMaximum the broker's Receive Maximum
	 */
	void connected(int receiveMaximum) {
		locked(() -> {
			this.open = true;
			this.paused = false;
			this.limit = Math.min(receiveMaximum, this.maxInFlight);
		});
		drain();
	}

	/**
	 * The connection is gone. Publishes in flight go back to be sent again after the
	 * reconnect, ahead of the buffer, unless the transport keeps them for the session
	 * (QoS 1 and 2 with a persistent session: it sends them again itself, with their
	 * packet identifiers). With {@code blameOldest}, the oldest publish in flight is failed
	 * instead: the broker's answer to it made the transport drop the connection. A publish
	 * that was the oldest one in flight at {@value #LOSSES_BEFORE_BLAMING_OLDEST} losses is
	 * failed too: a broker that refuses a message by closing the connection (NATS 2.9 for
	 * QoS 2) would otherwise make it go round forever, holding up the ones behind it.
	 * @param transportKeepsInFlight whether the transport sends its QoS 1 and 2 publishes
	 * in flight again after the reconnect
	 * @param blameOldest makes the failure of the oldest QoS 1 or 2 publish in flight, or
	 * {@code null}
	 */
	void connectionLost(boolean transportKeepsInFlight, Function<OutboundPublish, Throwable> blameOldest) {
		Function<OutboundPublish, Throwable> blame = blameOldest;
		PendingPublish blamed = null;
		this.lock.lock();
		try {
			this.open = false;
			this.paused = false;
			PendingPublish oldest = oldestUnanswered();
			if (blame == null && oldest != null && ++oldest.lossesWhileOldest >= LOSSES_BEFORE_BLAMING_OLDEST) {
				blame = PublishPipeline::closedRepeatedly;
			}
			for (PendingPublish publish = this.inFlight.peekFirst(); publish != null;) {
				PendingPublish following = publish.next;
				if (blame != null && publish == oldest) {
					blamed = publish;
					this.inFlight.remove(publish);
					publish.state = PendingPublish.State.DONE;
				}
				else if (publish.future.isDone()) {
					// Timed out: nobody waits for it any more
					this.inFlight.remove(publish);
					publish.state = PendingPublish.State.DONE;
				}
				else if (publish.message.qos() == 0 || !transportKeepsInFlight) {
					this.inFlight.remove(publish);
					publish.state = PendingPublish.State.RESEND;
					this.resend.addInSequence(publish);
				}
				publish = following;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (blamed != null) {
			blamed.future.completeExceptionally(blame.apply(blamed.message));
		}
	}

	private PendingPublish oldestUnanswered() {
		for (PendingPublish publish = this.inFlight.peekFirst(); publish != null; publish = publish.next) {
			if (publish.message.qos() > 0 && !publish.future.isDone()) {
				return publish;
			}
		}
		return null;
	}

	private static Throwable closedRepeatedly(OutboundPublish message) {
		return new IllegalStateException("the connection was lost " + LOSSES_BEFORE_BLAMING_OLDEST + " times while "
				+ "this publish (QoS " + message.qos() + ", " + message.payload().length + " payload bytes) was the "
				+ "oldest one waiting for the broker's answer: the broker probably refuses it by closing the connection "
				+ "(NATS 2.9 does so for QoS 2 publishes, Mosquitto for a message over its message_size_limit on MQTT "
				+ "3.1.1). The publishes behind it are sent again");
	}

	// Every publish past its deadline, wherever it waits: from the head of each queue up to
	// the first publish that is not, while the deadlines are in the queue's order, else
	// through the whole queue
	private void sweep() {
		long now = System.nanoTime();
		List<PendingPublish> expired = new ArrayList<>();
		List<String> where = new ArrayList<>();
		this.lock.lock();
		try {
			for (PendingPublishQueue queue : List.of(this.buffer, this.resend, this.inFlight)) {
				boolean ordered = queue.deadlinesInOrder();
				for (PendingPublish publish = queue.peekFirst(); publish != null;) {
					PendingPublish following = publish.next;
					boolean due = publish.timeoutMillis > 0 && now - publish.deadline >= 0;
					if (!due && ordered) {
						break;
					}
					if (due && !publish.future.isDone()) {
						where.add(timedOut(publish));
						expired.add(publish);
					}
					publish = following;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		for (int i = 0; i < expired.size(); i++) {
			PendingPublish publish = expired.get(i);
			String what = (publish.message.qos() > 0) ? "was not acknowledged" : "was not sent";
			reject(publish, new PublishRejectedException(Reason.TIMEOUT,
					what + " within " + publish.timeoutMillis + " ms (" + where.get(i) + ")"));
		}
	}

	// Guarded by the lock: takes the publish out of the queue it waits in, unless it is in
	// flight, and says where it waited
	private String timedOut(PendingPublish publish) {
		switch (publish.state) {
			case BUFFERED -> {
				this.buffer.remove(publish);
				publish.state = PendingPublish.State.DONE;
				this.room.freed();
				return waitedFor();
			}
			case RESEND -> {
				this.resend.remove(publish);
				publish.state = PendingPublish.State.DONE;
				return "it was lost with its connection and waited to be sent again: " + this.connectionDescription.get();
			}
			// Its slot stays taken until the transport answers or the connection is lost
			default -> {
				return "the broker did not answer";
			}
		}
	}

	private String waitedFor() {
		return this.open ? "it waited in the outbound buffer for an in-flight slot: " + this.inFlight.size()
				+ " in flight, at most " + this.limit + " (the broker's Receive Maximum or mqtt.template.max-in-flight)"
				: "it waited in the outbound buffer for the connection: " + this.connectionDescription.get();
	}

	/**
	 * Refuse new publishes from now on, and wake the callers waiting for room.
	 */
	void stopAccepting() {
		locked(() -> {
			this.accepting = false;
			this.room.wakeAll();
		});
	}

	/**
	 * Take publishes again, after {@link #stopAccepting()}.
	 */
	void startAccepting() {
		locked(() -> this.accepting = true);
	}

	/**
	 * Fail every publish not yet acknowledged: the client stopped.
	 * @param why the message
	 */
	void failAll(String why) {
		List<PendingPublish> abandoned = new ArrayList<>();
		locked(() -> {
			this.open = false;
			for (PendingPublishQueue queue : List.of(this.resend, this.buffer, this.inFlight)) {
				PendingPublish publish;
				while ((publish = queue.pollFirst()) != null) {
					publish.state = PendingPublish.State.DONE;
					abandoned.add(publish);
				}
			}
			this.room.wakeAll();
		});
		for (PendingPublish publish : abandoned) {
			reject(publish, stopping(why));
		}
	}

	private void reject(PendingPublish publish, PublishRejectedException refusal) {
		// Counted before the caller can see the failure
		if (!publish.future.isDone()) {
			this.rejected.get(refusal.getReason()).incrementAndGet();
			publish.future.completeExceptionally(refusal);
		}
	}

	private static PublishRejectedException stopping(String message) {
		return new PublishRejectedException(Reason.STOPPING, message);
	}

	private void locked(Runnable action) {
		this.lock.lock();
		try {
			action.run();
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> T read(Supplier<T> query) {
		this.lock.lock();
		try {
			return query.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	int inFlight() {
		return read(this.inFlight::size);
	}

	/**
	 * How many publishes wait to be sent: in the buffer, or to be sent again.
	 */
	int buffered() {
		return read(() -> this.buffer.size() + this.resend.size());
	}

	long bufferedBytes() {
		return read(() -> this.buffer.bytes() + this.resend.bytes());
	}

	int limit() {
		return read(() -> this.limit);
	}

	int maxMessages() {
		return read(this.room::maxMessages);
	}

	long maxBytes() {
		return read(this.room::maxBytes);
	}

	long rejected(Reason reason) {
		return this.rejected.get(reason).get();
	}

}
