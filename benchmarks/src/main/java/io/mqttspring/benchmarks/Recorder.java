package io.mqttspring.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The receiving end of one run: it does the listener's work, counts messages, and keeps
 * each message's latency from publish to listener. All implementations call it from their
 * listener, so they pay the same for it.
 */
public final class Recorder {

	private static final long WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final int runId;

	private final int expected;

	private final boolean work;

	private final long[] latencies;

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicInteger publishFailures = new AtomicInteger();

	private final AtomicLong lastArrival = new AtomicLong();

	private final Object monitor = new Object();

	private volatile long startNanos;

	private volatile long firstArrivalNanos;

	public Recorder(int runId, int expected, boolean work) {
		this.runId = runId;
		this.expected = expected;
		this.work = work;
		this.latencies = new long[expected];
	}

	public int runId() {
		return this.runId;
	}

	/**
	 * Mark the start of publishing: throughput is received messages over the time from here
	 * to the last arrival.
	 */
	public void start() {
		this.startNanos = System.nanoTime();
	}

	/**
	 * A byte[] payload arrived at a listener.
	 * @param payload the payload
	 */
	public void received(byte[] payload) {
		received(Payloads.runId(payload), Payloads.seq(payload), Payloads.sentNanos(payload));
	}

	/**
	 * A JSON payload arrived at a listener, converted.
	 * @param reading the payload
	 */
	public void received(Reading reading) {
		received(reading.runId(), reading.seq(), reading.sentNanos());
	}

	private void received(int runId, int seq, long sentNanos) {
		if (runId != this.runId) {
			// A late message of an earlier run
			return;
		}
		if (this.work) {
			// Blocking work, like a database call: CPU-bound work could not scale with threads
			// on a 2-core machine
			long until = System.nanoTime() + WORK_NANOS;
			for (long left = WORK_NANOS; left > 0; left = until - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}
		long now = System.nanoTime();
		int index = this.received.getAndIncrement();
		if (index == 0) {
			this.firstArrivalNanos = now;
		}
		if (index < this.latencies.length) {
			this.latencies[index] = now - sentNanos;
		}
		this.lastArrival.accumulateAndGet(now, Math::max);
		if (index + 1 >= this.expected) {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * A publish failed at the sender.
	 */
	public void publishFailed() {
		this.publishFailures.incrementAndGet();
	}

	/**
	 * Wait until all messages arrived, or no message arrived for {@code idleMillis} (QoS 0
	 * messages can be lost), or the time-out passed.
	 * @param idleMillis how long without progress ends the wait
	 * @param timeoutMillis the longest wait
	 * @throws InterruptedException if interrupted
	 */
	public void await(long idleMillis, long timeoutMillis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		int seen = -1;
		long lastProgress = System.currentTimeMillis();
		synchronized (this.monitor) {
			while (this.received.get() < this.expected) {
				long now = System.currentTimeMillis();
				int count = this.received.get();
				if (count != seen) {
					seen = count;
					lastProgress = now;
				}
				if (now >= deadline || now - lastProgress >= idleMillis) {
					return;
				}
				this.monitor.wait(50);
			}
		}
	}

	/**
	 * When the first message of the run arrived.
	 * @return its {@link System#nanoTime()}, or 0 when none arrived
	 */
	public long firstArrivalNanos() {
		return this.firstArrivalNanos;
	}

	/**
	 * The result so far.
	 * @return the result
	 */
	public RunResult result() {
		int count = Math.min(this.received.get(), this.expected);
		long elapsed = Math.max(1, this.lastArrival.get() - this.startNanos);
		long[] sorted = Arrays.copyOf(this.latencies, count);
		Arrays.sort(sorted);
		return new RunResult(count * 1e9 / elapsed, Stats.percentileMillis(sorted, 50),
				Stats.percentileMillis(sorted, 99), count, this.expected, this.publishFailures.get(),
				elapsed / 1e9);
	}

}
