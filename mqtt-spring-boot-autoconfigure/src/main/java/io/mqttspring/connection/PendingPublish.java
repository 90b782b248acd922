package io.mqttspring.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;

/**
 * A publish on its way through the {@link PublishPipeline}: where it is, which attempt to
 * send it is current, and the future its caller waits on. Its state and links are guarded
 * by the pipeline's lock.
 */
final class PendingPublish {

	enum State {

		/** Admitted, waiting for the connection or an in-flight slot. */
		BUFFERED,

		/** Sent once, lost with its connection, and waiting to be sent again first. */
		RESEND,

		/** Handed to the transport, waiting for its acknowledgement. */
		IN_FLIGHT,

		/** Acknowledged, failed or timed out, and out of every queue. */
		DONE

	}

	final OutboundPublish message;

	final CompletableFuture<PublishAck> future = new CompletableFuture<>();

	/** The order of admission, given when admitted. */
	long sequence;

	final int size;

	final long timeoutMillis;

	/** When the time-out ends, in {@link System#nanoTime()}; unused without a time-out. */
	final long deadline;

	State state = State.BUFFERED;

	/** Counts the hand-overs to the transport; an answer to an earlier one is stale. */
	int attempt;

	/** How often the connection was lost while this was the oldest publish in flight. */
	int lossesWhileOldest;

	PendingPublish previous;

	PendingPublish next;

	PendingPublish(OutboundPublish message, long timeoutMillis) {
		this.message = message;
		this.size = message.bufferedSize();
		this.timeoutMillis = timeoutMillis;
		this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
	}

	/**
	 * The message to publish.
	 * @return the message
	 */
	OutboundPublish message() {
		return this.message;
	}

}
