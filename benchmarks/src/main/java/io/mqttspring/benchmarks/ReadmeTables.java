package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables of benchmarks/README.md, in Markdown, from the medians: the headline figure
 * of every scenario per implementation with the starter's ratios, then the latencies (p50
 * and p99) of the scenarios measured by throughput, where every publisher keeps as many
 * messages waiting as its own limits let it.
 */
public final class ReadmeTables {

	// The columns, in this order, for the implementations that ran
	private static final List<String> IMPLEMENTATIONS = List.of("starter", "raw-paho", "spring-integration",
			"spring-integration-async");

	private static final List<String> BASELINES = List.of("raw-paho", "spring-integration");

	private ReadmeTables() {
	}

	/**
	 * The two tables, separated by an empty line.
	 * @param results the results
	 * @return the lines
	 */
	public static List<String> lines(Results results) {
		List<String> implementations = implementations(results);
		List<String> lines = new ArrayList<>();
		lines.add(row("scenario", implementations, BASELINES.stream().map((baseline) -> "starter/" + baseline).toList()));
		lines.add(separator(1 + implementations.size() + BASELINES.size()));
		for (String scenario : results.scenarios()) {
			Scenario.Metric metric = results.summary(scenario, results.implementations(scenario).get(0)).metric();
			List<String> cells = new ArrayList<>();
			for (String implementation : implementations) {
				Results.Summary summary = results.summary(scenario, implementation);
				cells.add((summary != null) ? headline(summary) : "");
			}
			List<String> ratios = new ArrayList<>();
			for (String baseline : BASELINES) {
				Double ratio = results.ratio(scenario, baseline);
				ratios.add((ratio == null) ? ""
						: Results.format(ratio) + ((metric == Scenario.Metric.P99_LATENCY) ? " (p99)" : ""));
			}
			lines.add(row(scenario + " (" + unit(metric) + ")", cells, ratios));
		}
		List<String> throughput = results.scenarios()
			.stream()
			.filter((scenario) -> results.summary(scenario, results.implementations(scenario).get(0))
				.metric() == Scenario.Metric.THROUGHPUT)
			.toList();
		if (!throughput.isEmpty()) {
			lines.add("");
			lines.add(row("latency in the throughput scenarios (p50 / p99 ms)", implementations, List.of()));
			lines.add(separator(1 + implementations.size()));
			for (String scenario : throughput) {
				List<String> cells = new ArrayList<>();
				for (String implementation : implementations) {
					Results.Summary summary = results.summary(scenario, implementation);
					cells.add((summary != null)
							? millis(summary.p50Millis()) + " / " + millis(summary.p99Millis()) : "");
				}
				lines.add(row(scenario, cells, List.of()));
			}
		}
		return lines;
	}

	private static List<String> implementations(Results results) {
		Set<String> ran = new LinkedHashSet<>();
		for (String scenario : results.scenarios()) {
			ran.addAll(results.implementations(scenario));
		}
		List<String> ordered = new ArrayList<>(IMPLEMENTATIONS.stream().filter(ran::contains).toList());
		ran.stream().filter((name) -> !ordered.contains(name)).forEach(ordered::add);
		return ordered;
	}

	private static String unit(Scenario.Metric metric) {
		return switch (metric) {
			case THROUGHPUT -> "msg/s";
			case P99_LATENCY -> "p50 / p99 ms";
			case STARTUP_TIME -> "ms to connected, median";
		};
	}

	private static String headline(Results.Summary summary) {
		return switch (summary.metric()) {
			case THROUGHPUT -> String.format(Locale.ROOT, "%,.0f", summary.msgsPerSecond());
			case P99_LATENCY -> String.format(Locale.ROOT, "%.3f / %.3f", summary.p50Millis(), summary.p99Millis());
			case STARTUP_TIME -> String.format(Locale.ROOT, "%,.0f", summary.p50Millis());
		};
	}

	/**
	 * A latency with three significant digits or more: {@code 0.412}, {@code 35.2},
	 * {@code 1,234}.
	 * @param millis the latency
	 * @return the figure
	 */
	static String millis(double millis) {
		if (millis >= 100) {
			return String.format(Locale.ROOT, "%,.0f", millis);
		}
		return String.format(Locale.ROOT, (millis >= 10) ? "%.1f" : (millis >= 1) ? "%.2f" : "%.3f", millis);
	}

	private static String row(String first, List<String> cells, List<String> more) {
		StringBuilder row = new StringBuilder("| ").append(first).append(" |");
		for (String cell : cells) {
			row.append(' ').append(cell).append(cell.isEmpty() ? "|" : " |");
		}
		for (String cell : more) {
			row.append(' ').append(cell).append(cell.isEmpty() ? "|" : " |");
		}
		return row.toString();
	}

	private static String separator(int columns) {
		return "|---".repeat(columns) + "|";
	}

}
