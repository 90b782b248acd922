package io.mqttspring.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arithmetic and the format of the reported lines; no scenario runs here.
 */
class ResultsTests {

	private final Results results = new Results();

	private static RunResult run(double msgsPerSecond, double p50, double p99) {
		return new RunResult(msgsPerSecond, p50, p99, 100, 100, 0, 1);
	}

	@Test
	void medianOfOddAndEvenCounts() {
		assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(Stats.median(List.of())).isZero();
	}

	@Test
	void nearestRankPercentileOfNanosInMillis() {
		long[] sorted = new long[100];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = (i + 1) * 1_000_000L;
		}
		assertThat(Stats.percentileMillis(sorted, 50)).isEqualTo(50.0);
		assertThat(Stats.percentileMillis(sorted, 99)).isEqualTo(99.0);
		assertThat(Stats.percentileMillis(new long[] { 7_000_000 }, 99)).isEqualTo(7.0);
		assertThat(Stats.percentileMillis(new long[0], 99)).isZero();
	}

	@Test
	void resultLineReportsMediansOverRoundsWithTheirSpreadAndCpuPerMessage() {
		// 100 messages: 1,200 us of client CPU is 12 us per message
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "starter",
				run(30_000, 1.0, 9.0).withCpu(1_200_000, 800_000));
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "starter",
				run(40_000.4, 2.0, 3.0).withCpu(1_500_000, 900_000));
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "starter",
				run(35_000, 1.5, 4.0).withCpu(1_100_000, 850_000));
		assertThat(this.results.lines()).first()
			.isEqualTo("RESULT scenario=throughput-qos1 impl=starter msgs_per_s=35000 msgs_per_s_range=30000..40000 "
					+ "p50_ms=1.500 p50_ms_range=1.000..2.000 p99_ms=4.000 p99_ms_range=3.000..9.000 "
					+ "client_cpu_us=12.0 client_cpu_us_range=11.0..15.0 broker_cpu_us=8.5 broker_cpu_us_range=8.0..9.0");
	}

	@Test
	void ratioOfThroughputIsStarterOverBaseline() {
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "starter", run(48_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-paho", run(50_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "spring-integration", run(12_000, 1, 2));
		assertThat(this.results.lines()).last()
			.isEqualTo("RATIO scenario=throughput-qos0 starter/raw-paho=0.960 starter/spring-integration=4.000");
	}

	@Test
	void ratioOfLatencyComparesP99AndIsMissingWithoutBaseline() {
		this.results.add("latency-qos1-2000", Scenario.Metric.P99_LATENCY, "starter", run(2_000, 0.2, 0.9));
		this.results.add("latency-qos1-2000", Scenario.Metric.P99_LATENCY, "raw-paho", run(2_000, 0.2, 0.6));
		assertThat(this.results.lines()).last()
			.isEqualTo("RATIO scenario=latency-qos1-2000 starter/raw-paho=1.500 starter/spring-integration=n/a");
	}

	@Test
	void startupReportsMedianAndSlowestTime() {
		for (double millis : new double[] { 2100, 1900, 2000, 2500, 2050 }) {
			this.results.add("startup", Scenario.Metric.STARTUP_TIME, "starter", RunResult.startup(millis));
		}
		assertThat(this.results.lines().get(0)).startsWith("RESULT scenario=startup impl=starter msgs_per_s=0 msgs_per_s_range=0..0 p50_ms=2050.000 "
					+ "p50_ms_range=1900.000..2500.000 p99_ms=2500.000 ");
	}

	@Test
	void ratioLineAddsThePairsThatRanAfterTheTwoItAlwaysHas() {
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "starter", run(60_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-paho", run(50_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "broker-ceiling", run(200_000, 0, 0));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "starter-3.1.1", run(45_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-paho-v3", run(50_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-hivemq", run(75_000, 1, 2));
		assertThat(this.results.lines()).last()
			.isEqualTo("RATIO scenario=throughput-qos0 starter/raw-paho=1.200 starter/spring-integration=n/a "
					+ "starter/broker-ceiling=0.300 starter-3.1.1/raw-paho-v3=0.900 raw-hivemq/raw-paho=1.500");
	}

	@Test
	void reconnectTimesAreSamplesLikeStartupTimes() {
		for (double millis : new double[] { 310, 290, 900, 300, 305 }) {
			this.results.add("reconnect", Scenario.Metric.RECONNECT_TIME, "starter", RunResult.startup(millis));
		}
		Results.Summary summary = this.results.summary("reconnect", "starter");
		assertThat(summary.headline()).isEqualTo(305);
		assertThat(summary.p99Millis().median()).isEqualTo(900);
	}

	@Test
	void lostMessagesAreSummedOverRounds() {
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-paho",
				new RunResult(50_000, 1, 2, 99_990, 100_000, 0, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "raw-paho",
				new RunResult(50_000, 1, 2, 99_995, 100_000, 0, 2));
		assertThat(this.results.summary("throughput-qos0", "raw-paho").lost()).isEqualTo(15);
	}

}
