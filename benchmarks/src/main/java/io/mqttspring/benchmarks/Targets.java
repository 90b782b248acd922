package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The issues' targets, checked against the medians: figures to report, not assertions.
 */
public final class Targets {

	private static final List<String> THROUGHPUT = List.of(Scenarios.THROUGHPUT_QOS0, Scenarios.THROUGHPUT_QOS1,
			Scenarios.THROUGHPUT_QOS2);

	private static final List<String> RAW_CLIENTS = List.of(Names.RAW_PAHO, Names.RAW_PAHO_V3, Names.RAW_HIVEMQ);

	private Targets() {
	}

	/**
	 * One {@code TARGET} line per target that could be checked.
	 * @param results the results
	 * @return the lines
	 */
	public static List<String> lines(Results results) {
		List<String> lines = new ArrayList<>();
		for (String scenario : THROUGHPUT) {
			atLeast(lines, results, scenario, Names.STARTER, Names.RAW_PAHO, 1.05);
			Results.Summary starter = results.summary(scenario, Names.STARTER);
			Results.Summary raw = results.summary(scenario, Names.RAW_PAHO);
			if (starter != null && raw != null && raw.clientCpu().median() > 0) {
				double cpu = starter.clientCpu().median() / raw.clientCpu().median();
				lines.add(line(scenario + " client CPU per message starter/raw-paho", cpu, "<= 0.95", cpu <= 0.95));
			}
			atLeast(lines, results, scenario, Names.STARTER_311, Names.RAW_PAHO_V3, 0.95);
		}
		for (String scenario : List.of(Scenarios.THROUGHPUT_QOS0, Scenarios.THROUGHPUT_QOS1)) {
			atLeast(lines, results, scenario, Names.STARTER_HIVEMQ, Names.RAW_PAHO, 1.3);
			atLeast(lines, results, scenario, Names.STARTER_HIVEMQ, Names.RAW_HIVEMQ, 0.95);
		}
		atLeast(lines, results, Scenarios.THROUGHPUT_QOS0, Names.STARTER, Names.BROKER_CEILING, 0.5);
		latency(lines, results);
		Results.Summary reconnect = results.summary(Scenarios.RECONNECT, Names.STARTER_HIVEMQ);
		if (reconnect != null) {
			double p50 = reconnect.p50Millis().median();
			lines.add(line(Scenarios.RECONNECT + " starter-hivemq p50 ms", p50, "<= 100", p50 <= 100));
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
			Double ratio = results.ratio(scenario, Names.SPRING_INTEGRATION);
			Results.Summary summary = results.summary(scenario, Names.STARTER);
			if (ratio != null && summary != null) {
				boolean higherIsBetter = summary.metric() == Scenario.Metric.THROUGHPUT;
				lines.add(line(scenario + " starter/spring-integration", ratio, higherIsBetter ? ">= 1" : "<= 1",
						higherIsBetter ? ratio >= 1 : ratio <= 1));
			}
		}
		return lines;
	}

	private static void atLeast(List<String> lines, Results results, String scenario, String subject,
			String baseline, double target) {
		Double ratio = results.ratio(scenario, subject, baseline);
		if (ratio != null) {
			lines.add(line(scenario + " " + subject + "/" + baseline, ratio, ">= " + target, ratio >= target));
		}
	}

	// The starter's p99 against the best p99 of the raw clients that ran
	private static void latency(List<String> lines, Results results) {
		Results.Summary starter = results.summary(Scenarios.LATENCY, Names.STARTER);
		String best = null;
		double bestP99 = Double.MAX_VALUE;
		for (String raw : RAW_CLIENTS) {
			Results.Summary summary = results.summary(Scenarios.LATENCY, raw);
			if (summary != null && summary.p99Millis().median() < bestP99) {
				best = raw;
				bestP99 = summary.p99Millis().median();
			}
		}
		if (starter != null && best != null) {
			double difference = starter.p99Millis().median() - bestP99;
			lines.add(line(Scenarios.LATENCY + " p99 starter-" + best + " ms", difference, "<= 0.2",
					difference <= 0.2));
		}
	}

	private static Double factor(Results results, String scenario, String baseline) {
		Results.Summary summary = results.summary(scenario, Names.STARTER);
		Results.Summary base = results.summary(baseline, Names.STARTER);
		return (summary != null && base != null && base.msgsPerSecond().median() > 0)
				? summary.msgsPerSecond().median() / base.msgsPerSecond().median() : null;
	}

	private static String line(String what, double value, String target, boolean met) {
		return String.format(Locale.ROOT, "TARGET %s=%.3f (target %s) %s", what, value, target,
				met ? "met" : "MISSED");
	}

}
