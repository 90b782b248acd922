package io.mqttspring.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.mqttspring.connection.PublishRejectedException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The room in the {@link PublishPipeline}'s outbound buffer: its limits
 * ({@code mqtt.template.buffer.max-messages} and {@code max-bytes}), the callers waiting
 * for room for at most {@code mqtt.template.max-block}, and the warning when callers start
 * to wait. Not thread-safe: every method is called with the pipeline's lock held, whose
 * condition the callers wait on.
 */
final class OutboundBufferRoom {

	/** How many publishes the buffer holds unless set otherwise. */
	static final int DEFAULT_MAX_MESSAGES = 10_000;

	/** How many payload and topic bytes the buffer holds unless set otherwise: 16 MiB. */
	static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

	/** How long a caller waits for room unless set otherwise. */
	static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(10);

	private static final long BLOCKED_WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(30);

	private static final Log logger = LogFactory.getLog(PublishPipeline.class);

	private final PendingPublishQueue buffer;

	private final Condition notFull;

	private int maxMessages = DEFAULT_MAX_MESSAGES;

	private long maxBytes = DEFAULT_MAX_BYTES;

	private long maxBlockNanos = DEFAULT_MAX_BLOCK.toNanos();

	private int waitingCallers;

	private long lastWarning;

	OutboundBufferRoom(PendingPublishQueue buffer, Condition notFull) {
		this.buffer = buffer;
		this.notFull = notFull;
	}

	void setLimits(int maxMessages, long maxBytes, Duration maxBlock) {
		this.maxMessages = maxMessages;
		this.maxBytes = maxBytes;
		this.maxBlockNanos = maxBlock.toNanos();
	}

	int maxMessages() {
		return this.maxMessages;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	boolean fits(PendingPublish publish) {
		return this.buffer.size() < this.maxMessages && this.buffer.bytes() + publish.size <= this.maxBytes;
	}

	/**
	 * Why a publish that does not fit now can never wait for room, or {@code null} when
	 * it can.
	 * @param publish the publish
	 * @param onReceivingThread whether the caller receives for the same connection
	 * @return the refusal, or {@code null}
	 */
	PublishRejectedException refuseWaiting(PendingPublish publish, boolean onReceivingThread) {
		if (publish.size > this.maxBytes) {
			return bufferFull("the message takes " + publish.size + " bytes (payload and topic) but the outbound "
					+ "buffer holds at most " + this.maxBytes + " bytes (mqtt.template.buffer.max-bytes)");
		}
		if (onReceivingThread) {
			return bufferFull("the outbound buffer is full (" + describe() + ") and this publish was made on a "
					+ "thread that receives for the same MQTT connection (a callback, a listener or a completion "
					+ "stage running there), which must not wait: the room is freed by acknowledgements that this "
					+ "thread would have to deliver. Publish from another thread, or give the buffer more room");
		}
		if (this.maxBlockNanos == 0) {
			return bufferFull("the outbound buffer is full (" + describe()
					+ ") and publishes do not wait for room (mqtt.template.max-block=0)");
		}
		return null;
	}

	/**
	 * Wait until the publish fits, for at most {@code mqtt.template.max-block}.
	 * @param publish the publish
	 * @param accepting whether the pipeline still takes publishes
	 * @param inFlight how many publishes are in flight, for the messages
	 * @param connection describes the connection, for the messages
	 * @return {@code null} once it fits, else why it was given up
	 */
	PublishRejectedException await(PendingPublish publish, BooleanSupplier accepting, Supplier<Integer> inFlight,
			Supplier<String> connection) {
		warnOnce(inFlight.get(), connection);
		long remaining = this.maxBlockNanos;
		this.waitingCallers++;
		try {
			while (!fits(publish)) {
				if (!accepting.getAsBoolean()) {
					return new PublishRejectedException(Reason.STOPPING,
							"the MQTT client stopped while the publish waited for room in the outbound buffer");
				}
				if (remaining <= 0) {
					return bufferFull("the outbound buffer stayed full (" + describe() + ") for "
							+ TimeUnit.NANOSECONDS.toMillis(this.maxBlockNanos) + " ms (mqtt.template.max-block) with "
							+ inFlight.get() + " publishes in flight; " + connection.get());
				}
				remaining = this.notFull.awaitNanos(remaining);
			}
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return bufferFull("interrupted while waiting for room in the outbound buffer (" + describe() + ")");
		}
		finally {
			this.waitingCallers--;
		}
	}

	/**
	 * A publish was added: room left for several messages wakes one waiter at a time.
	 */
	void added() {
		if (this.waitingCallers > 0 && this.buffer.size() < this.maxMessages && this.buffer.bytes() < this.maxBytes) {
			this.notFull.signal();
		}
	}

	/**
	 * A publish left the buffer: wake a waiting caller.
	 */
	void freed() {
		if (this.waitingCallers > 0) {
			this.notFull.signal();
		}
	}

	/**
	 * Wake every waiting caller, to see that the pipeline stopped.
	 */
	void wakeAll() {
		this.notFull.signalAll();
	}

	String describe() {
		return this.buffer.size() + " of " + this.maxMessages + " messages, " + this.buffer.bytes() + " of "
				+ this.maxBytes + " bytes: mqtt.template.buffer.max-messages and max-bytes";
	}

	private void warnOnce(int inFlight, Supplier<String> connection) {
		long now = System.nanoTime();
		if (this.lastWarning == 0 || now - this.lastWarning >= BLOCKED_WARNING_INTERVAL) {
			this.lastWarning = now;
			logger.warn("Publishes wait for room in the outbound buffer (" + describe() + ", " + inFlight
					+ " in flight); callers block for up to " + TimeUnit.NANOSECONDS.toMillis(this.maxBlockNanos)
					+ " ms (mqtt.template.max-block): " + connection.get() + ". Logged at most every 30 s");
		}
	}

	private static PublishRejectedException bufferFull(String message) {
		return new PublishRejectedException(Reason.BUFFER_FULL, message);
	}

}
