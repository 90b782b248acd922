package io.mqttspring.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.mqttspring.benchmarks.soak.ArrivalsTests.bits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison of the publisher's and the receiver's records, the spread of the samples
 * and the format of the SOAK lines; no broker here.
 */
class SoakSummaryTests {

	private static final long MB = 1024 * 1024;

	private static SoakRecord publisher(Map<String, Long> values, FailureTally failures, BitSet... acknowledged) {
		return new SoakRecord(values, failures,
				List.of(new Sample(5_000, 20 * MB, 20), new Sample(10_000, 30 * MB, 24), new Sample(15_000, 22 * MB, 21)),
				List.of(acknowledged));
	}

	private static SoakRecord receiver(Map<String, Long> values, BitSet... received) {
		return new SoakRecord(values, new FailureTally(),
				List.of(new Sample(5_000, 10 * MB, 15), new Sample(10_000, 12 * MB, 15)), List.of(received));
	}

	@Test
	void nothingLostWhenEveryAcknowledgedMessageArrived() {
		SoakSummary summary = new SoakSummary(
				publisher(Map.of("published", 6L, "acknowledged", 5L, "failed", 1L, "settle_millis", 2_000L),
						failed("IllegalStateException: gone"), bits(0, 1, 2), bits(0, 1)),
				receiver(Map.of("distinct", 6L, "duplicates", 3L), bits(0, 1, 2), bits(0, 1, 2)), 4);
		assertThat(summary.lost()).isZero();
		// Topic 1's sequence 2 failed at the publisher but reached the broker before
		assertThat(summary.receivedUnacknowledged()).isEqualTo(1);
		assertThat(summary.goalMet()).isFalse();
		assertThat(summary.lines()).first()
			.isEqualTo("SOAK published=6 acknowledged=5 failed=1 unsettled=0 lost=0 duplicates=3 out_of_order=0 "
					+ "received=6 received_unacknowledged=1 broker_restarts=4 publisher_reconnects=0 "
					+ "receiver_reconnects=0 seconds=2.0 msgs_per_s=3 max_block_ms=0 blocked_calls=0 max_latency_ms=0");
		assertThat(summary.lines()).contains("SOAK_FAILED count=1 reason=IllegalStateException: gone",
				"SOAK_GOAL lost=0 failed=1 unsettled=0 out_of_order=0 result=missed");
	}

	@Test
	void acknowledgedButNeverReceivedIsLost() {
		SoakSummary summary = new SoakSummary(
				publisher(Map.of("published", 7L, "acknowledged", 7L), new FailureTally(), bits(0, 1, 2, 3),
						bits(0, 1, 2)),
				receiver(Map.of("distinct", 4L), bits(0, 3), bits(0, 1)), 1);
		assertThat(summary.lost()).isEqualTo(3);
		assertThat(summary.goalMet()).isFalse();
		assertThat(summary.lines()).contains("SOAK_LOST topic=soak/0 count=2 first=1,2",
				"SOAK_LOST topic=soak/1 count=1 first=2");
	}

	@Test
	void goalMetWithoutLossFailureOrDisorder() {
		SoakSummary summary = new SoakSummary(
				publisher(Map.of("published", 2L, "acknowledged", 2L), new FailureTally(), bits(0), bits(0)),
				receiver(Map.of("distinct", 2L, "duplicates", 1L), bits(0), bits(0)), 0);
		assertThat(summary.goalMet()).isTrue();
		assertThat(summary.lines()).last()
			.isEqualTo("SOAK_GOAL lost=0 failed=0 unsettled=0 out_of_order=0 result=met");
	}

	@Test
	void outOfOrderMissesTheGoal() {
		SoakSummary summary = new SoakSummary(
				publisher(Map.of("published", 2L, "acknowledged", 2L), new FailureTally(), bits(0, 1)),
				receiver(Map.of("distinct", 2L, "out_of_order", 1L), bits(0, 1)), 0);
		assertThat(summary.goalMet()).isFalse();
	}

	@Test
	void heapAndThreadsAreSummarisedPerJvm() {
		SoakSummary summary = new SoakSummary(
				publisher(Map.of(), new FailureTally(), bits()), receiver(Map.of(), bits()), 0);
		assertThat(summary.lines()).contains(
				"SOAK_HEAP jvm=publisher unit=MB samples=3 first=20.0 last=22.0 min=20.0 median=22.0 max=30.0",
				"SOAK_THREADS jvm=publisher samples=3 first=20 last=21 min=20 median=21 max=24",
				"SOAK_HEAP jvm=receiver unit=MB samples=2 first=10.0 last=12.0 min=10.0 median=11.0 max=12.0",
				"SOAK_THREADS jvm=receiver samples=2 first=15 last=15 min=15 median=15 max=15");
	}

	@Test
	void spreadOfNoValuesIsZero() {
		assertThat(Spread.of(List.of())).isEqualTo(new Spread(0, 0, 0, 0, 0, 0));
	}

	@Test
	void recordsRoundTripThroughTheirFile(@TempDir Path dir) throws IOException {
		FailureTally failures = failed("MqttPublishException: Could not publish to 'soak/2': buffer full");
		SoakRecord record = publisher(Map.of("published", 3L, "acknowledged", 2L), failures, bits(0, 5, 70_000),
				bits());
		Path file = dir.resolve("publisher.txt");
		record.write(file);
		SoakRecord read = SoakRecord.read(file);
		assertThat(read.values()).isEqualTo(record.values());
		assertThat(read.samples()).isEqualTo(record.samples());
		assertThat(read.topics()).containsExactly(bits(0, 5, 70_000), bits());
		assertThat(read.failures().groups()).isEqualTo(failures.groups());
	}

	@Test
	void messagesAreSpreadRoundRobinOverTopics() {
		SoakSettings settings = SoakSettings.parse("--broker=tcp://127.0.0.1:1", "--dir=.", "--count=10",
				"--topics=4");
		assertThat(List.of(settings.messagesOf(0), settings.messagesOf(1), settings.messagesOf(2),
				settings.messagesOf(3))).containsExactly(3, 3, 2, 2);
	}

	private static FailureTally failed(String reason) {
		FailureTally failures = new FailureTally();
		failures.add(reason, 1, reason);
		return failures;
	}

}
