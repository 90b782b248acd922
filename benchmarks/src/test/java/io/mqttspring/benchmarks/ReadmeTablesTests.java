package io.mqttspring.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown tables of the README, from the medians.
 */
class ReadmeTablesTests {

	private final Results results = new Results();

	// 100 messages: 1,000 ns of CPU time is 0.01 us per message
	private static RunResult run(double msgsPerSecond, double p50, double p99) {
		return new RunResult(msgsPerSecond, p50, p99, 100, 100, 0, 1).withCpu(1_230_000, 870_000);
	}

	@Test
	void headlineTableThenCpuThenLatenciesOfTheThroughputScenarios() {
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "raw-paho", run(40_000, 25.4, 61.23));
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "starter", run(42_000, 270.6, 1234.5));
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "spring-integration", run(8_400, 0.128, 0.5));
		this.results.add("latency-qos1-2000", Scenario.Metric.P99_LATENCY, "starter", run(2_000, 0.138, 0.737));
		this.results.add("latency-qos1-2000", Scenario.Metric.P99_LATENCY, "raw-paho", run(2_000, 0.135, 0.855));
		this.results.add("startup", Scenario.Metric.STARTUP_TIME, "starter", RunResult.startup(1968));
		this.results.add("startup", Scenario.Metric.STARTUP_TIME, "raw-paho", RunResult.startup(469));
		assertThat(ReadmeTables.lines(this.results)).containsExactly(
				"| scenario | starter | raw-paho | spring-integration | starter/raw-paho | starter/spring-integration |",
				"|---|---|---|---|---|---|",
				"| throughput-qos1 (msg/s) | 42,000 | 40,000 | 8,400 | 1.050 | 5.000 |",
				"| latency-qos1-2000 (p50 / p99 ms) | 0.138 / 0.737 | 0.135 / 0.855 | | 0.862 (p99) | |",
				"| startup (ms to connected, median) | 1,968 | 469 | | 4.196 | |",
				"",
				"| CPU per message (client / broker us) | starter | raw-paho | spring-integration |",
				"|---|---|---|---|",
				"| throughput-qos1 | 12.3 / 8.7 | 12.3 / 8.7 | 12.3 / 8.7 |",
				"| latency-qos1-2000 | 12.3 / 8.7 | 12.3 / 8.7 | |",
				"",
				"| latency in the throughput scenarios (p50 / p99 ms) | starter | raw-paho | spring-integration |",
				"|---|---|---|---|",
				"| throughput-qos1 | 271 / 1,235 | 25.4 / 61.2 | 0.128 / 0.500 |");
	}

	@Test
	void ratioColumnsOfPairsThatRanInSomeScenario() {
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "starter", run(60_000, 1, 2));
		this.results.add("throughput-qos0", Scenario.Metric.THROUGHPUT, "broker-ceiling", run(200_000, 0, 0));
		this.results.add("throughput-qos1", Scenario.Metric.THROUGHPUT, "starter", run(40_000, 1, 2));
		assertThat(ReadmeTables.lines(this.results)).startsWith(
				"| scenario | starter | broker-ceiling | starter/raw-paho | starter/spring-integration "
						+ "| starter/broker-ceiling |",
				"|---|---|---|---|---|---|", "| throughput-qos0 (msg/s) | 60,000 | 200,000 | | | 0.300 |",
				"| throughput-qos1 (msg/s) | 40,000 | | | | |");
	}

	@Test
	void latenciesKeepThreeSignificantDigits() {
		assertThat(ReadmeTables.millis(0.4123)).isEqualTo("0.412");
		assertThat(ReadmeTables.millis(3.456)).isEqualTo("3.46");
		assertThat(ReadmeTables.millis(35.24)).isEqualTo("35.2");
		assertThat(ReadmeTables.millis(1234.5)).isEqualTo("1,235");
	}

}
