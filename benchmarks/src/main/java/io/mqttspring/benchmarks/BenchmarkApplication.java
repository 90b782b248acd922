package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.mqttspring.benchmarks.integration.SpringIntegrationImplementation;
import io.mqttspring.benchmarks.raw.RawPahoImplementation;
import io.mqttspring.benchmarks.starter.StarterImplementation;
import io.mqttspring.benchmarks.startup.StartupBenchmark;

/**
 * Runs every scenario on every implementation against one broker, in one JVM: each
 * implementation connected once; per scenario, one unmeasured warm-up run of each
 * implementation, then the measured rounds, alternating the implementations and rotating
 * their order from round to round. Prints a progress line per run (starting with {@code #}), then the
 * {@code RESULT}, {@code RATIO} and {@code TARGET} lines of the medians.
 */
public final class BenchmarkApplication {

	private BenchmarkApplication() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.parse(args);
		Results results = new Results();
		List<Scenario> scenarios = Scenarios.all(settings.scale())
			.stream()
			.filter((scenario) -> settings.runs(scenario.name()))
			.toList();
		if (!scenarios.isEmpty()) {
			runMessageScenarios(settings, scenarios, results);
		}
		if (settings.runs(Scenario.STARTUP)) {
			runStartup(settings, results);
		}
		System.out.println();
		results.lines().forEach(System.out::println);
		Targets.lines(results).forEach(System.out::println);
		System.exit(0);
	}

	private static void runMessageScenarios(BenchmarkSettings settings, List<Scenario> scenarios, Results results)
			throws Exception {
		List<Implementation> implementations = implementations(settings);
		try {
			for (Implementation implementation : implementations) {
				implementation.start();
			}
			ScenarioRunner runner = new ScenarioRunner();
			for (Scenario scenario : scenarios) {
				// Warm-up right before the measured rounds: the code paths of this scenario
				Scenario warmup = scenario.withMessages(Math.max(500, (int) (scenario.messages() * settings.warmupScale())));
				for (Implementation implementation : implementations) {
					report("warm-up", warmup, implementation, runner.run(implementation, warmup));
				}
				for (int round = 0; round < settings.rounds(); round++) {
					for (int i = 0; i < implementations.size(); i++) {
						// A different implementation goes first in each round
						Implementation implementation = implementations.get((i + round) % implementations.size());
						RunResult result = runner.run(implementation, scenario);
						report("round " + (round + 1), scenario, implementation, result);
						results.add(scenario.name(), scenario.metric(), implementation.name(), result);
					}
				}
			}
		}
		finally {
			for (Implementation implementation : implementations) {
				try {
					implementation.close();
				}
				catch (Exception ex) {
					progress("closing " + implementation.name() + " failed: " + ex);
				}
			}
		}
	}

	private static List<Implementation> implementations(BenchmarkSettings settings) {
		List<Implementation> all = List.of(new StarterImplementation(settings.broker(), settings.starterWindow()),
				new RawPahoImplementation(settings.broker(), settings.window()),
				new SpringIntegrationImplementation(settings.broker(), false, settings.window()),
				new SpringIntegrationImplementation(settings.broker(), true, settings.window()));
		return all.stream().filter((implementation) -> settings.uses(implementation.name())).toList();
	}

	private static void runStartup(BenchmarkSettings settings, Results results) throws Exception {
		StartupBenchmark startup = new StartupBenchmark(settings.broker());
		List<String> variants = new ArrayList<>();
		for (String variant : List.of(StarterImplementation.NAME, RawPahoImplementation.NAME,
				SpringIntegrationImplementation.NAME)) {
			if (settings.uses(variant)) {
				variants.add(variant);
			}
		}
		for (int round = 0; round < settings.startupRounds(); round++) {
			for (int i = 0; i < variants.size(); i++) {
				String variant = variants.get((i + round) % variants.size());
				RunResult result = startup.measure(variant, round);
				progress(String.format(Locale.ROOT, "round %d %s %s: %.0f ms to connected", round + 1,
						Scenario.STARTUP, variant, result.p50Millis()));
				results.add(Scenario.STARTUP, Scenario.Metric.STARTUP_TIME, variant, result);
			}
		}
	}

	private static void report(String phase, Scenario scenario, Implementation implementation, RunResult result) {
		String loss = (result.lost() > 0) ? " LOST " + result.lost() + " of " + result.expected() : "";
		String failures = (result.publishFailures() > 0) ? " publish failures " + result.publishFailures() : "";
		progress(String.format(Locale.ROOT, "%s %s %s: %d msgs in %.2f s, %.0f msg/s, p50 %.3f ms, p99 %.3f ms%s%s",
				phase, scenario.name(), implementation.name(), result.received(), result.seconds(),
				result.msgsPerSecond(), result.p50Millis(), result.p99Millis(), loss, failures));
	}

	private static void progress(String message) {
		System.out.println("# " + message);
		System.out.flush();
	}

}
