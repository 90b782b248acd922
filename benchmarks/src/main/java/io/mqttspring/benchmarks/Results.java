package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the runs of every scenario and implementation, and reports medians as the
 * {@code RESULT} and {@code RATIO} lines.
 */
public final class Results {

	private final Map<String, Scenario.Metric> metrics = new LinkedHashMap<>();

	private final Map<String, Map<String, List<RunResult>>> runs = new LinkedHashMap<>();

	/**
	 * Add the result of one run.
	 * @param scenario the scenario's name
	 * @param metric what its ratio compares
	 * @param implementation the implementation's name
	 * @param result the result
	 */
	public void add(String scenario, Scenario.Metric metric, String implementation, RunResult result) {
		this.metrics.putIfAbsent(scenario, metric);
		this.runs.computeIfAbsent(scenario, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(implementation, (key) -> new ArrayList<>())
			.add(result);
	}

	/**
	 * The medians of one scenario and implementation.
	 * @param scenario the scenario's name
	 * @param implementation the implementation's name
	 * @return the summary, or {@code null} when it did not run
	 */
	public Summary summary(String scenario, String implementation) {
		List<RunResult> results = this.runs.getOrDefault(scenario, Map.of()).get(implementation);
		if (results == null || results.isEmpty()) {
			return null;
		}
		int lost = 0;
		int expected = 0;
		int failures = 0;
		for (RunResult result : results) {
			lost += result.lost();
			expected += result.expected();
			failures += result.publishFailures();
		}
		Scenario.Metric metric = this.metrics.get(scenario);
		List<Double> p99s = results.stream().map(RunResult::p99Millis).toList();
		// A start-up run is one sample: its p99 is the 99th percentile over the runs
		double p99 = (metric == Scenario.Metric.STARTUP_TIME) ? Stats.percentile(p99s, 99) : Stats.median(p99s);
		return new Summary(metric, results.size(),
				Stats.median(results.stream().map(RunResult::msgsPerSecond).toList()),
				Stats.median(results.stream().map(RunResult::p50Millis).toList()), p99, lost, expected, failures);
	}

	public List<String> scenarios() {
		return List.copyOf(this.runs.keySet());
	}

	public List<String> implementations(String scenario) {
		return List.copyOf(this.runs.getOrDefault(scenario, Map.of()).keySet());
	}

	/**
	 * The RESULT line of every scenario and implementation, then the RATIO line of every
	 * scenario, then a LOSS line for each that lost messages or failed publishes (over all
	 * rounds).
	 * @return the lines
	 */
	public List<String> lines() {
		List<String> lines = new ArrayList<>();
		for (String scenario : scenarios()) {
			for (String implementation : implementations(scenario)) {
				lines.add(resultLine(scenario, implementation, summary(scenario, implementation)));
			}
		}
		for (String scenario : scenarios()) {
			lines.add(ratioLine(scenario));
		}
		for (String scenario : scenarios()) {
			for (String implementation : implementations(scenario)) {
				Summary summary = summary(scenario, implementation);
				if (summary.lost() > 0 || summary.publishFailures() > 0) {
					lines.add("LOSS scenario=" + scenario + " impl=" + implementation + " lost=" + summary.lost()
							+ " of=" + summary.expected() + " publish_failures=" + summary.publishFailures());
				}
			}
		}
		return lines;
	}

	static String resultLine(String scenario, String implementation, Summary summary) {
		return String.format(Locale.ROOT, "RESULT scenario=%s impl=%s msgs_per_s=%.0f p50_ms=%.3f p99_ms=%.3f", scenario,
				implementation, summary.msgsPerSecond(), summary.p50Millis(), summary.p99Millis());
	}

	String ratioLine(String scenario) {
		return "RATIO scenario=" + scenario + " starter/raw-paho=" + format(ratio(scenario, "raw-paho"))
				+ " starter/spring-integration=" + format(ratio(scenario, "spring-integration"));
	}

	/**
	 * The starter's headline figure over another implementation's: messages per second for
	 * the throughput scenarios (higher is better), p99 latency or start-up time for the
	 * others (lower is better).
	 * @param scenario the scenario's name
	 * @param other the other implementation's name
	 * @return the ratio, or {@code null} when one of them did not run
	 */
	public Double ratio(String scenario, String other) {
		Summary starter = summary(scenario, "starter");
		Summary baseline = summary(scenario, other);
		if (starter == null || baseline == null) {
			return null;
		}
		double ours = starter.headline();
		double theirs = baseline.headline();
		return (theirs == 0) ? null : ours / theirs;
	}

	static String format(Double ratio) {
		return (ratio != null) ? String.format(Locale.ROOT, "%.3f", ratio) : "n/a";
	}

	/**
	 * The medians over the rounds of one scenario and implementation.
	 * @param metric what the scenario's ratio compares
	 * @param rounds the runs measured
	 * @param msgsPerSecond median messages per second
	 * @param p50Millis median of the runs' median latencies (start-up: median time)
	 * @param p99Millis median of the runs' 99th percentiles (start-up: 99th percentile of
	 * the times, the slowest of fewer than 100 runs)
	 * @param lost messages lost over all rounds
	 * @param expected messages published over all rounds
	 * @param publishFailures publishes that failed over all rounds
	 */
	public record Summary(Scenario.Metric metric, int rounds, double msgsPerSecond, double p50Millis, double p99Millis,
			int lost, int expected, int publishFailures) {

		/**
		 * The figure the ratio compares.
		 * @return messages per second, p99 latency or start-up time
		 */
		public double headline() {
			return switch (this.metric) {
				case THROUGHPUT -> this.msgsPerSecond;
				case P99_LATENCY -> this.p99Millis;
				case STARTUP_TIME -> this.p50Millis;
			};
		}

	}

}
