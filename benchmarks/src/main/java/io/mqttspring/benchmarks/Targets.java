package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets, checked against the medians: figures to report, not assertions.
 */
public final class Targets {

	private Targets() {
	}

	/**
	 * One {@code TARGET} line per target that could be checked.
	 * @param results the results
	 * @return the lines
	 */
	public static List<String> lines(Results results) {
		List<String> lines = new ArrayList<>();
		for (String scenario : List.of(Scenarios.THROUGHPUT_QOS0, Scenarios.THROUGHPUT_QOS1, Scenarios.THROUGHPUT_QOS2)) {
			Double ratio = results.ratio(scenario, "raw-paho");
			if (ratio != null) {
				lines.add(line(scenario + " starter/raw-paho", ratio, ">= 0.95", ratio >= 0.95));
			}
		}
		Results.Summary starter = results.summary(Scenarios.LATENCY, "starter");
		Results.Summary raw = results.summary(Scenarios.LATENCY, "raw-paho");
		if (starter != null && raw != null) {
			double difference = starter.p99Millis() - raw.p99Millis();
			lines.add(line(Scenarios.LATENCY + " p99 starter-raw-paho ms", difference, "<= 0.5", difference <= 0.5));
		}
		Double scaling = factor(results, Scenarios.WORK_CONCURRENCY_8, Scenarios.WORK_CONCURRENCY_1);
		if (scaling != null) {
			lines.add(line("listener-1ms starter concurrency-8/concurrency-1", scaling, ">= 6", scaling >= 6));
		}
		Double many = factor(results, Scenarios.LISTENERS_1000, Scenarios.LISTENERS_1);
		if (many != null) {
			lines.add(line("listeners starter 1000/1", many, ">= 0.8", many >= 0.8));
		}
		for (String scenario : results.scenarios()) {
			Double ratio = results.ratio(scenario, "spring-integration");
			Results.Summary summary = results.summary(scenario, "starter");
			if (ratio != null && summary != null) {
				boolean higherIsBetter = summary.metric() == Scenario.Metric.THROUGHPUT;
				lines.add(line(scenario + " starter/spring-integration", ratio, higherIsBetter ? ">= 1" : "<= 1",
						higherIsBetter ? ratio >= 1 : ratio <= 1));
			}
		}
		return lines;
	}

	private static Double factor(Results results, String scenario, String baseline) {
		Results.Summary summary = results.summary(scenario, "starter");
		Results.Summary base = results.summary(baseline, "starter");
		return (summary != null && base != null && base.msgsPerSecond() > 0)
				? summary.msgsPerSecond() / base.msgsPerSecond() : null;
	}

	private static String line(String what, double value, String target, boolean met) {
		return String.format(Locale.ROOT, "TARGET %s=%.3f (target %s) %s", what, value, target,
				met ? "met" : "MISSED");
	}

}
