package io.mqttspring.benchmarks.soak;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What reached the receiver, per topic: the sequence numbers received, the duplicates
 * (arrivals of a sequence number received before) and the first arrivals out of order (a
 * sequence number lower than one that arrived first before it). Thread-safe.
 */
public final class Arrivals {

	private final BitSet[] received;

	private final int[] highestFirstArrival;

	private long arrivals;

	private long duplicates;

	private long outOfOrder;

	private long lastArrivalNanos;

	private long maxLatencyMillis;

	/**
	 * @param topics the number of topics
	 */
	public Arrivals(int topics) {
		this.received = new BitSet[topics];
		this.highestFirstArrival = new int[topics];
		for (int i = 0; i < topics; i++) {
			this.received[i] = new BitSet();
			this.highestFirstArrival[i] = -1;
		}
	}

	/**
	 * A message arrived.
	 * @param payload its payload
	 */
	public synchronized void arrived(SoakPayload payload) {
		this.arrivals++;
		this.lastArrivalNanos = System.nanoTime();
		int topic = payload.topic();
		int seq = payload.seq();
		if (topic < 0 || topic >= this.received.length || seq < 0) {
			throw new IllegalArgumentException("Not a soak message of this run: " + payload);
		}
		if (this.received[topic].get(seq)) {
			this.duplicates++;
			return;
		}
		this.received[topic].set(seq);
		this.maxLatencyMillis = Math.max(this.maxLatencyMillis, System.currentTimeMillis() - payload.sentMillis());
		if (seq < this.highestFirstArrival[topic]) {
			this.outOfOrder++;
		}
		else {
			this.highestFirstArrival[topic] = seq;
		}
	}

	public synchronized long arrivals() {
		return this.arrivals;
	}

	public synchronized long duplicates() {
		return this.duplicates;
	}

	public synchronized long outOfOrder() {
		return this.outOfOrder;
	}

	/**
	 * The longest time from a publish call to the first arrival of its message.
	 * @return milliseconds, by the wall clock
	 */
	public synchronized long maxLatencyMillis() {
		return this.maxLatencyMillis;
	}

	/**
	 * When the last message arrived.
	 * @return {@link System#nanoTime()} of the last arrival, 0 before the first
	 */
	public synchronized long lastArrivalNanos() {
		return this.lastArrivalNanos;
	}

	/**
	 * Distinct messages received.
	 * @return the count over all topics
	 */
	public synchronized long distinct() {
		long distinct = 0;
		for (BitSet topic : this.received) {
			distinct += topic.cardinality();
		}
		return distinct;
	}

	/**
	 * Whether every given sequence number was received.
	 * @param expected per topic, the sequence numbers expected
	 * @return whether none is missing
	 */
	public synchronized boolean containsAll(List<BitSet> expected) {
		for (int i = 0; i < expected.size(); i++) {
			BitSet missing = (BitSet) expected.get(i).clone();
			if (i < this.received.length) {
				missing.andNot(this.received[i]);
			}
			if (!missing.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A copy of the sequence numbers received.
	 * @return per topic, the sequence numbers
	 */
	public synchronized List<BitSet> received() {
		List<BitSet> copy = new ArrayList<>();
		for (BitSet topic : this.received) {
			copy.add((BitSet) topic.clone());
		}
		return copy;
	}

}
