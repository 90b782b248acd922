package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Collects the runs of every scenario and implementation, and reports medians, with the
 * spread of the rounds beside each, as the {@code RESULT} and {@code RATIO} lines.
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
		Spread p99 = Spread.of(results, RunResult::p99Millis);
		// A start-up or reconnect run is one sample: its p99 is the 99th percentile over the runs
		if (metric == Scenario.Metric.STARTUP_TIME || metric == Scenario.Metric.RECONNECT_TIME) {
			p99 = new Spread(Stats.percentile(results.stream().map(RunResult::p99Millis).toList(), 99), p99.min(),
					p99.max());
		}
		return new Summary(metric, results.size(), Spread.of(results, RunResult::msgsPerSecond),
				Spread.of(results, RunResult::p50Millis), p99, Spread.of(results, RunResult::clientCpuMicrosPerMessage),
				Spread.of(results, RunResult::brokerCpuMicrosPerMessage), lost, expected, failures);
	}

	public List<String> scenarios() {
		return List.copyOf(this.runs.keySet());
	}

	public List<String> implementations(String scenario) {
		return List.copyOf(this.runs.getOrDefault(scenario, Map.of()).keySet());
	}

	/**
	 * The RESULT line of every scenario and implementation, then the RATIO line of every
	 * scenario with a ratio to report, then a LOSS line for each that lost messages or failed publishes (over all
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
			boolean anyRatio = Names.RATIOS.stream()
				.anyMatch((pair) -> ratio(scenario, pair.subject(), pair.baseline()) != null);
			if (anyRatio) {
				lines.add(ratioLine(scenario));
			}
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

	/**
	 * One scenario and implementation: each median with the lowest and highest figure of
	 * the rounds beside it ({@code _range=min..max}); the CPU time per message of the
	 * clients (the JVM, or the client processes of the command line clients) and of the
	 * broker.
	 */
	static String resultLine(String scenario, String implementation, Summary summary) {
		return String.format(Locale.ROOT,
				"RESULT scenario=%s impl=%s msgs_per_s=%.0f msgs_per_s_range=%.0f..%.0f p50_ms=%.3f p50_ms_range=%.3f..%.3f "
						+ "p99_ms=%.3f p99_ms_range=%.3f..%.3f client_cpu_us=%.1f client_cpu_us_range=%.1f..%.1f "
						+ "broker_cpu_us=%.1f broker_cpu_us_range=%.1f..%.1f",
				scenario, implementation, summary.msgsPerSecond().median(), summary.msgsPerSecond().min(),
				summary.msgsPerSecond().max(), summary.p50Millis().median(), summary.p50Millis().min(),
				summary.p50Millis().max(), summary.p99Millis().median(), summary.p99Millis().min(),
				summary.p99Millis().max(), summary.clientCpu().median(), summary.clientCpu().min(),
				summary.clientCpu().max(), summary.brokerCpu().median(), summary.brokerCpu().min(),
				summary.brokerCpu().max());
	}

	String ratioLine(String scenario) {
		StringBuilder line = new StringBuilder("RATIO scenario=").append(scenario);
		for (Names.Pair pair : Names.RATIOS) {
			Double ratio = ratio(scenario, pair.subject(), pair.baseline());
			if (ratio != null || pair.always()) {
				line.append(' ').append(pair).append('=').append(format(ratio));
			}
		}
		return line.toString();
	}

	/**
	 * The starter's headline figure over another implementation's.
	 * @param scenario the scenario's name
	 * @param other the other implementation's name
	 * @return the ratio, or {@code null} when one of them did not run
	 */
	public Double ratio(String scenario, String other) {
		return ratio(scenario, Names.STARTER, other);
	}

	/**
	 * One implementation's headline figure over another's: messages per second for the
	 * throughput scenarios (higher is better), p99 latency or start-up time for the others
	 * (lower is better).
	 * @param scenario the scenario's name
	 * @param subject the implementation whose figure is divided
	 * @param baseline the implementation it is divided by
	 * @return the ratio, or {@code null} when one of them did not run
	 */
	public Double ratio(String scenario, String subject, String baseline) {
		Summary ours = summary(scenario, subject);
		Summary theirs = summary(scenario, baseline);
		if (ours == null || theirs == null || theirs.headline() == 0) {
			return null;
		}
		return ours.headline() / theirs.headline();
	}

	static String format(Double ratio) {
		return (ratio != null) ? String.format(Locale.ROOT, "%.3f", ratio) : "n/a";
	}

	/**
	 * The median of the rounds' figures, with the lowest and the highest.
	 * @param median the median (for the p99 of start-up: the 99th percentile)
	 * @param min the lowest
	 * @param max the highest
	 */
	public record Spread(double median, double min, double max) {

		static Spread of(List<RunResult> results, ToDoubleFunction<RunResult> figure) {
			List<Double> values = results.stream().map(figure::applyAsDouble).toList();
			return new Spread(Stats.median(values), values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
					values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
		}

	}

	/**
	 * The medians over the rounds of one scenario and implementation.
	 * @param metric what the scenario's ratio compares
	 * @param rounds the runs measured
	 * @param msgsPerSecond messages per second
	 * @param p50Millis the runs' median latencies (start-up: the times)
	 * @param p99Millis the runs' 99th percentiles (start-up: the times, with the 99th
	 * percentile of them, the slowest of fewer than 100 runs, as the median)
	 * @param clientCpu CPU time of the clients per message, in microseconds
	 * @param brokerCpu CPU time of the broker per message, in microseconds
	 * @param lost messages lost over all rounds
	 * @param expected messages published over all rounds
	 * @param publishFailures publishes that failed over all rounds
	 */
	public record Summary(Scenario.Metric metric, int rounds, Spread msgsPerSecond, Spread p50Millis,
			Spread p99Millis, Spread clientCpu, Spread brokerCpu, int lost, int expected, int publishFailures) {

		/**
		 * The figure the ratio compares.
		 * @return messages per second, p99 latency, start-up or reconnect time
		 */
		public double headline() {
			return switch (this.metric) {
				case THROUGHPUT -> this.msgsPerSecond.median();
				case P99_LATENCY -> this.p99Millis.median();
				case STARTUP_TIME, RECONNECT_TIME -> this.p50Millis.median();
			};
		}

	}

}
