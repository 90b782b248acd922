package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables of benchmarks/README.md, in Markdown, from the medians: the headline figure
 * of every scenario per implementation with the ratios of the RATIO lines, then the CPU
 * time per message (clients and broker), then the latencies (p50 and p99) of the
 * scenarios measured by throughput, where every publisher keeps as many messages waiting
 * as its own limits let it.
 */
public final class ReadmeTables {

	private ReadmeTables() {
	}

	/**
	 * The tables, separated by empty lines.
	 * @param results the results
	 * @return the lines
	 */
	public static List<String> lines(Results results) {
		List<String> implementations = implementations(results);
		List<Names.Pair> ratios = Names.RATIOS.stream()
			.filter((pair) -> pair.always()
					|| results.scenarios().stream().anyMatch((scenario) -> results.ratio(scenario, pair.subject(),
							pair.baseline()) != null))
			.toList();
		List<String> lines = new ArrayList<>();
		lines.add(row("scenario", implementations, ratios.stream().map(Names.Pair::toString).toList()));
		lines.add(separator(1 + implementations.size() + ratios.size()));
		for (String scenario : results.scenarios()) {
			Scenario.Metric metric = metric(results, scenario);
			List<String> cells = new ArrayList<>();
			for (String implementation : implementations) {
				Results.Summary summary = results.summary(scenario, implementation);
				cells.add((summary != null) ? headline(summary) : "");
			}
			List<String> ratioCells = new ArrayList<>();
			for (Names.Pair pair : ratios) {
				Double ratio = results.ratio(scenario, pair.subject(), pair.baseline());
				ratioCells.add((ratio == null) ? ""
						: Results.format(ratio) + ((metric == Scenario.Metric.P99_LATENCY) ? " (p99)" : ""));
			}
			lines.add(row(scenario + " (" + unit(metric) + ")", cells, ratioCells));
		}
		List<String> measured = results.scenarios()
			.stream()
			.filter((scenario) -> metric(results, scenario) == Scenario.Metric.THROUGHPUT
					|| metric(results, scenario) == Scenario.Metric.P99_LATENCY)
			.toList();
		if (!measured.isEmpty()) {
			lines.add("");
			lines.add(row("CPU per message (client / broker us)", implementations, List.of()));
			lines.add(separator(1 + implementations.size()));
			for (String scenario : measured) {
				List<String> cells = new ArrayList<>();
				for (String implementation : implementations) {
					Results.Summary summary = results.summary(scenario, implementation);
					cells.add((summary != null) ? String.format(Locale.ROOT, "%.1f / %.1f",
							summary.clientCpu().median(), summary.brokerCpu().median()) : "");
				}
				lines.add(row(scenario, cells, List.of()));
			}
		}
		List<String> throughput = results.scenarios()
			.stream()
			.filter((scenario) -> metric(results, scenario) == Scenario.Metric.THROUGHPUT)
			.toList();
		if (!throughput.isEmpty()) {
			lines.add("");
			lines.add(row("latency in the throughput scenarios (p50 / p99 ms)", implementations, List.of()));
			lines.add(separator(1 + implementations.size()));
			for (String scenario : throughput) {
				List<String> cells = new ArrayList<>();
				for (String implementation : implementations) {
					Results.Summary summary = results.summary(scenario, implementation);
					cells.add((summary != null && summary.p99Millis().median() > 0)
							? millis(summary.p50Millis().median()) + " / " + millis(summary.p99Millis().median())
							: "");
				}
				lines.add(row(scenario, cells, List.of()));
			}
		}
		return lines;
	}

	private static Scenario.Metric metric(Results results, String scenario) {
		return results.summary(scenario, results.implementations(scenario).get(0)).metric();
	}

	private static List<String> implementations(Results results) {
		Set<String> ran = new LinkedHashSet<>();
		for (String scenario : results.scenarios()) {
			ran.addAll(results.implementations(scenario));
		}
		List<String> ordered = new ArrayList<>(Names.ALL.stream().filter(ran::contains).toList());
		ran.stream().filter((name) -> !ordered.contains(name)).forEach(ordered::add);
		return ordered;
	}

	private static String unit(Scenario.Metric metric) {
		return switch (metric) {
			case THROUGHPUT -> "msg/s";
			case P99_LATENCY -> "p50 / p99 ms";
			case STARTUP_TIME -> "ms to connected, median";
			case RECONNECT_TIME -> "ms from broker back to first delivery, p50 / p99";
		};
	}

	private static String headline(Results.Summary summary) {
		return switch (summary.metric()) {
			case THROUGHPUT -> String.format(Locale.ROOT, "%,.0f", summary.msgsPerSecond().median());
			case P99_LATENCY -> String.format(Locale.ROOT, "%.3f / %.3f", summary.p50Millis().median(),
					summary.p99Millis().median());
			case STARTUP_TIME -> String.format(Locale.ROOT, "%,.0f", summary.p50Millis().median());
			case RECONNECT_TIME -> String.format(Locale.ROOT, "%,.0f / %,.0f", summary.p50Millis().median(),
					summary.p99Millis().median());
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
