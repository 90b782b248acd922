package io.mqttspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.mqttspring.benchmarks.integration.SpringIntegrationImplementation;
import io.mqttspring.benchmarks.raw.RawPahoImplementation;
import io.mqttspring.benchmarks.starter.StarterImplementation;
import io.mqttspring.benchmarks.startup.StartupBenchmark;

/**
 * Runs every scenario on every implementation against one broker, in one JVM: each
 * implementation connected once and warmed up by unmeasured QoS 0 and QoS 1 runs; per
 * scenario, one more unmeasured run of each implementation, then the measured rounds,
 * alternating the implementations and rotating their order from round to round. Prints a
 * progress line per run (starting with {@code #}), then the {@code RESULT}, {@code RATIO}
 * and {@code TARGET} lines of the medians, and the tables of the README
 * ({@link ReadmeTables}).
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
		System.out.println();
		System.out.println("# The tables of benchmarks/README.md");
		ReadmeTables.lines(results).forEach(System.out::println);
		System.exit(0);
	}

	private static void runMessageScenarios(BenchmarkSettings settings, List<Scenario> scenarios, Results results)
			throws Exception {
		List<Supplier<Implementation>> factories = factories(settings);
		List<Implementation> implementations = new ArrayList<>();
		try {
			for (Supplier<Implementation> factory : factories) {
				Implementation implementation = factory.get();
				implementations.add(implementation);
				implementation.start();
			}
			ScenarioRunner runner = new ScenarioRunner(new CpuMeter(settings.brokerPid()));
			// Unmeasured: the JIT compiles the common publish and receive paths
			for (Scenario scenario : Scenarios.all(settings.scale())) {
				if (scenario.name().equals(Scenarios.THROUGHPUT_QOS0) || scenario.name().equals(Scenarios.THROUGHPUT_QOS1)) {
					for (int i = 0; i < implementations.size(); i++) {
						run(runner, "warm-up", scenario, implementations, i, factories, null);
					}
				}
			}
			for (Scenario scenario : scenarios) {
				// And the code paths of this scenario, right before its rounds
				Scenario warmup = scenario
					.withMessages(Math.max(500, (int) (scenario.messages() * settings.warmupScale())));
				for (int i = 0; i < implementations.size(); i++) {
					run(runner, "warm-up", warmup, implementations, i, factories, null);
				}
				for (int round = 0; round < settings.rounds(); round++) {
					for (int i = 0; i < implementations.size(); i++) {
						// A different implementation goes first in each round
						int index = (i + round) % implementations.size();
						run(runner, "round " + (round + 1), scenario, implementations, index, factories, results);
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

	// An implementation still busy after its run (collapsed under its own backlog) is
	// replaced by a fresh one, so that its backlog does not slow down the next run
	private static void run(ScenarioRunner runner, String phase, Scenario scenario,
			List<Implementation> implementations, int index, List<Supplier<Implementation>> factories,
			Results results) throws Exception {
		Implementation implementation = implementations.get(index);
		ScenarioRunner.Outcome outcome = runner.run(implementation, scenario);
		report(phase, scenario, implementation, outcome.result());
		if (results != null) {
			results.add(scenario.name(), scenario.metric(), implementation.name(), outcome.result());
		}
		if (!outcome.idle()) {
			progress(implementation.name() + " still has unacknowledged publishes; restarting it");
			implementation.close();
			Implementation fresh = factories.get(index).get();
			fresh.start();
			implementations.set(index, fresh);
		}
	}

	private static List<Supplier<Implementation>> factories(BenchmarkSettings settings) {
		List<Supplier<Implementation>> all = List.of(
				() -> new StarterImplementation(settings.broker(), settings.starterWindow()),
				() -> new RawPahoImplementation(settings.broker(), settings.window()),
				() -> new SpringIntegrationImplementation(settings.broker(), false, settings.window()),
				() -> new SpringIntegrationImplementation(settings.broker(), true, settings.window()));
		List<String> names = List.of(StarterImplementation.NAME, RawPahoImplementation.NAME,
				SpringIntegrationImplementation.NAME, SpringIntegrationImplementation.ASYNC_NAME);
		List<Supplier<Implementation>> selected = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			if (settings.uses(names.get(i))) {
				selected.add(all.get(i));
			}
		}
		return selected;
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
				progress(String.format(Locale.ROOT, "round %d %s %s: %.0f ms to connected (%s)", round + 1,
						Scenario.STARTUP, variant, result.p50Millis(), startup.lastDetail()));
				results.add(Scenario.STARTUP, Scenario.Metric.STARTUP_TIME, variant, result);
			}
		}
	}

	private static void report(String phase, Scenario scenario, Implementation implementation, RunResult result) {
		String loss = (result.lost() > 0) ? " LOST " + result.lost() + " of " + result.expected() : "";
		String failures = (result.publishFailures() > 0) ? " publish failures " + result.publishFailures() : "";
		progress(String.format(Locale.ROOT,
				"%s %s %s: %d msgs in %.2f s, %.0f msg/s, p50 %.3f ms, p99 %.3f ms, CPU per msg: JVM %.1f us, broker %.1f us%s%s",
				phase, scenario.name(), implementation.name(), result.received(), result.seconds(),
				result.msgsPerSecond(), result.p50Millis(), result.p99Millis(), result.jvmCpuMicrosPerMessage(),
				result.brokerCpuMicrosPerMessage(), loss, failures));
	}

	private static void progress(String message) {
		long seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
		System.out.printf(Locale.ROOT, "# [%d:%02d] %s%n", seconds / 60, seconds % 60, message);
		System.out.flush();
	}

}
