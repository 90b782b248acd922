package io.mqttspring.benchmarks.soak;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * The soak run's figures from the records of the publisher and the receiver: a message is
 * <em>lost</em> when the broker acknowledged it to the publisher but it never reached the
 * receiver; <em>received unacknowledged</em> counts those that arrived although their
 * publish failed or never settled (the broker took them, the acknowledgement was lost with
 * the connection).
 */
public final class SoakSummary {

	private static final int LOST_SHOWN = 10;

	private final SoakRecord publisher;

	private final SoakRecord receiver;

	private final int brokerRestarts;

	private final long[] lost;

	private final long receivedUnacknowledged;

	/**
	 * @param publisher the publisher's record (its topics: the acknowledged sequence numbers)
	 * @param receiver the receiver's record (its topics: the received sequence numbers)
	 * @param brokerRestarts how often the broker was stopped and started again
	 */
	public SoakSummary(SoakRecord publisher, SoakRecord receiver, int brokerRestarts) {
		this.publisher = publisher;
		this.receiver = receiver;
		this.brokerRestarts = brokerRestarts;
		List<BitSet> acknowledged = publisher.topics();
		this.lost = new long[acknowledged.size()];
		long unacknowledged = 0;
		for (int i = 0; i < acknowledged.size(); i++) {
			this.lost[i] = missing(acknowledged.get(i), received(i)).cardinality();
			unacknowledged += missing(received(i), acknowledged.get(i)).cardinality();
		}
		for (int i = acknowledged.size(); i < receiver.topics().size(); i++) {
			unacknowledged += receiver.topics().get(i).cardinality();
		}
		this.receivedUnacknowledged = unacknowledged;
	}

	private BitSet received(int topic) {
		return (topic < this.receiver.topics().size()) ? this.receiver.topics().get(topic) : new BitSet();
	}

	private static BitSet missing(BitSet expected, BitSet present) {
		BitSet missing = (BitSet) expected.clone();
		missing.andNot(present);
		return missing;
	}

	/**
	 * Acknowledged messages that never arrived.
	 * @return the count over all topics
	 */
	public long lost() {
		long total = 0;
		for (long topic : this.lost) {
			total += topic;
		}
		return total;
	}

	public long receivedUnacknowledged() {
		return this.receivedUnacknowledged;
	}

	/**
	 * Whether the goal of the issue is met: nothing acknowledged was lost, no publish
	 * failed or stayed unsettled, nothing arrived out of order. Whether heap and threads
	 * stayed flat is for the reader of the samples.
	 * @return whether met
	 */
	public boolean goalMet() {
		return lost() == 0 && this.publisher.value("failed") == 0 && this.publisher.value("unsettled") == 0
				&& this.receiver.value("out_of_order") == 0;
	}

	/**
	 * The report: a {@code SOAK} line with the counts, a {@code SOAK_FAILED} line per
	 * reason publishes failed for, a {@code SOAK_LOST} line per topic that lost messages,
	 * {@code SOAK_HEAP} and {@code SOAK_THREADS} lines per JVM, and a {@code SOAK_GOAL} line.
	 * @return the lines
	 */
	public List<String> lines() {
		List<String> lines = new ArrayList<>();
		double seconds = this.publisher.value("settle_millis") / 1000.0;
		long acknowledged = this.publisher.value("acknowledged");
		lines.add(String.format(Locale.ROOT,
				"SOAK published=%d acknowledged=%d failed=%d unsettled=%d lost=%d duplicates=%d out_of_order=%d "
						+ "received=%d received_unacknowledged=%d broker_restarts=%d publisher_reconnects=%d "
						+ "receiver_reconnects=%d seconds=%.1f msgs_per_s=%.0f max_block_ms=%d blocked_calls=%d "
						+ "max_latency_ms=%d",
				this.publisher.value("published"), acknowledged, this.publisher.value("failed"),
				this.publisher.value("unsettled"), lost(), this.receiver.value("duplicates"),
				this.receiver.value("out_of_order"), this.receiver.value("distinct"), this.receivedUnacknowledged,
				this.brokerRestarts, this.publisher.value("reconnects"), this.receiver.value("reconnects"), seconds,
				(seconds > 0) ? acknowledged / seconds : 0, this.publisher.value("max_block_millis"),
				this.publisher.value("blocked_calls"), this.receiver.value("max_latency_millis")));
		for (Map.Entry<String, Map.Entry<Long, String>> group : this.publisher.failures().groups().entrySet()) {
			lines.add("SOAK_FAILED count=" + group.getValue().getKey() + " reason=" + group.getKey());
			lines.add("#   first: " + group.getValue().getValue());
		}
		for (int i = 0; i < this.lost.length; i++) {
			if (this.lost[i] > 0) {
				BitSet missing = missing(this.publisher.topics().get(i), received(i));
				StringJoiner first = new StringJoiner(",");
				missing.stream().limit(LOST_SHOWN).forEach((seq) -> first.add(Integer.toString(seq)));
				lines.add("SOAK_LOST topic=" + SoakSettings.topic(i) + " count=" + this.lost[i] + " first=" + first);
			}
		}
		for (String jvm : List.of("publisher", "receiver")) {
			List<Sample> samples = jvm.equals("publisher") ? this.publisher.samples() : this.receiver.samples();
			lines.add("SOAK_HEAP jvm=" + jvm + " unit=MB "
					+ spread(samples, (sample) -> sample.heapBytes() / 1048576.0).format("%.1f"));
			lines.add("SOAK_THREADS jvm=" + jvm + " " + spread(samples, Sample::threads).format("%.0f"));
		}
		lines.add("SOAK_GOAL lost=" + lost() + " failed=" + this.publisher.value("failed") + " unsettled="
				+ this.publisher.value("unsettled") + " out_of_order=" + this.receiver.value("out_of_order") + " result="
				+ (goalMet() ? "met" : "missed"));
		return lines;
	}

	private static Spread spread(List<Sample> samples, ToDoubleFunction<Sample> value) {
		return Spread.of(samples.stream().map(value::applyAsDouble).toList());
	}

}
