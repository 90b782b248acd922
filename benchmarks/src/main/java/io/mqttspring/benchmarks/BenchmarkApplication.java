package io.mqttspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.mqttspring.benchmarks.ceiling.BrokerCeiling;
import io.mqttspring.benchmarks.integration.SpringIntegrationImplementation;
import io.mqttspring.benchmarks.raw.RawHiveMqImplementation;
import io.mqttspring.benchmarks.raw.RawPahoImplementation;
import io.mqttspring.benchmarks.raw.RawPahoV3Implementation;
import io.mqttspring.benchmarks.reconnect.ReconnectBenchmark;
import io.mqttspring.benchmarks.starter.StarterImplementation;
import io.mqttspring.benchmarks.startup.StartupBenchmark;

/**
 * Runs every scenario on every implementation against one broker, in one JVM: each
 * implementation connected once and warmed up by unmeasured QoS 0 and QoS 1 runs; per
 * scenario, one more unmeasured run of each implementation that takes part, then the
 * measured rounds, alternating the implementations and rotating their order from round to
 * round. Then the reconnect scenario, on a broker of its own, and start-up in fresh JVMs.
 * Prints a progress line per run (starting with {@code #}), a {@code SKIP} line for an
 * implementation that could not start, then the {@code RESULT}, {@code RATIO} and
 * {@code TARGET} lines of the medians, and the tables of the README ({@link ReadmeTables}).
 */
public final class BenchmarkApplication {

	// The variants on another protocol or transport run the scenarios of their targets,
	// which keeps the whole run under ten minutes
	private static final Set<String> PROTOCOL_SCENARIOS = Set.of(Scenarios.THROUGHPUT_QOS0,
			Scenarios.THROUGHPUT_QOS1, Scenarios.THROUGHPUT_QOS2, Scenarios.LATENCY);

	private static final Set<String> TRANSPORT_SCENARIOS = Set.of(Scenarios.THROUGHPUT_QOS0,
			Scenarios.THROUGHPUT_QOS1, Scenarios.THROUGHPUT_QOS2, Scenarios.LATENCY, Scenarios.LISTENERS_1);

	private static final String[] PROTOCOL_311 = { "mqtt.protocol-version=3.1.1" };

	private static final String[] TRANSPORT_HIVEMQ = { "mqtt.transport=hivemq" };

	// The initial warm-up: the JIT compiles the common publish and receive paths
	private static final double INITIAL_WARMUP_SCALE = 0.5;

	private BenchmarkApplication() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.parse(args);
		Results results = new Results();
		Set<String> skipped = new LinkedHashSet<>();
		List<Scenario> scenarios = Scenarios.all(settings.scale())
			.stream()
			.filter((scenario) -> settings.runs(scenario.name()))
			.toList();
		if (!scenarios.isEmpty()) {
			runMessageScenarios(settings, scenarios, results, skipped);
		}
		if (settings.runs(Scenarios.RECONNECT)) {
			runReconnect(settings, results, skipped);
		}
		if (settings.runs(Scenario.STARTUP)) {
			runStartup(settings, results);
		}
		System.out.println();
		skipped.forEach(System.out::println);
		results.lines().forEach(System.out::println);
		Targets.lines(results).forEach(System.out::println);
		System.out.println();
		System.out.println("# The tables of benchmarks/README.md");
		ReadmeTables.lines(results).forEach(System.out::println);
		System.exit(0);
	}

	// The implementations of the run, by name, in the order of the columns
	private static Map<String, Function<String, Implementation>> factories(BenchmarkSettings settings) {
		Map<String, Function<String, Implementation>> all = new LinkedHashMap<>();
		all.put(Names.STARTER, (broker) -> new StarterImplementation(Names.STARTER, broker, settings.starterWindow(),
				Set.of()));
		all.put(Names.RAW_PAHO, (broker) -> new RawPahoImplementation(broker, settings.window()));
		all.put(Names.SPRING_INTEGRATION,
				(broker) -> new SpringIntegrationImplementation(broker, false, settings.window()));
		all.put(Names.SPRING_INTEGRATION_ASYNC,
				(broker) -> new SpringIntegrationImplementation(broker, true, settings.window()));
		all.put(Names.STARTER_311, (broker) -> new StarterImplementation(Names.STARTER_311, broker,
				settings.starterWindow(), PROTOCOL_SCENARIOS, PROTOCOL_311));
		all.put(Names.RAW_PAHO_V3, (broker) -> new RawPahoV3Implementation(broker, settings.window(),
				PROTOCOL_SCENARIOS));
		all.put(Names.STARTER_HIVEMQ, (broker) -> new StarterImplementation(Names.STARTER_HIVEMQ, broker,
				settings.starterWindow(), TRANSPORT_SCENARIOS, TRANSPORT_HIVEMQ));
		all.put(Names.RAW_HIVEMQ, (broker) -> new RawHiveMqImplementation(broker, settings.window(),
				TRANSPORT_SCENARIOS));
		all.put(Names.BROKER_CEILING, BrokerCeiling::new);
		all.keySet().removeIf((name) -> !settings.uses(name));
		return all;
	}

	private static void runMessageScenarios(BenchmarkSettings settings, List<Scenario> scenarios, Results results,
			Set<String> skipped) throws Exception {
		Map<String, Function<String, Implementation>> factories = factories(settings);
		List<Implementation> implementations = new ArrayList<>();
		try {
			for (Map.Entry<String, Function<String, Implementation>> factory : factories.entrySet()) {
				Implementation implementation = start(factory.getKey(), factory.getValue(), settings.broker(), skipped);
				if (implementation != null) {
					implementations.add(implementation);
				}
			}
			ScenarioRunner runner = new ScenarioRunner(new CpuMeter(settings.brokerPid()));
			for (Scenario scenario : Scenarios.all(settings.scale())) {
				if (scenario.name().equals(Scenarios.THROUGHPUT_QOS0) || scenario.name().equals(Scenarios.THROUGHPUT_QOS1)) {
					Scenario warmup = scenario.withMessages((int) (scenario.messages() * INITIAL_WARMUP_SCALE));
					for (int i = 0; i < implementations.size(); i++) {
						run(runner, "warm-up", warmup, implementations, i, factories, settings, null);
					}
				}
			}
			for (Scenario scenario : scenarios) {
				// And the code paths of this scenario, right before its rounds
				Scenario warmup = scenario
					.withMessages(Math.max(500, (int) (scenario.messages() * settings.warmupScale())));
				List<Integer> taking = new ArrayList<>();
				for (int i = 0; i < implementations.size(); i++) {
					if (implementations.get(i).runs(scenario)) {
						taking.add(i);
					}
				}
				for (int index : taking) {
					run(runner, "warm-up", warmup, implementations, index, factories, settings, null);
				}
				for (int round = 0; round < settings.rounds(); round++) {
					for (int i = 0; i < taking.size(); i++) {
						// A different implementation goes first in each round
						int index = taking.get((i + round) % taking.size());
						run(runner, "round " + (round + 1), scenario, implementations, index, factories, settings,
								results);
					}
				}
			}
		}
		finally {
			closeAll(implementations);
		}
	}

	// An implementation that cannot start (the HiveMQ transport while it does not exist) is
	// reported and left out
	private static Implementation start(String name, Function<String, Implementation> factory, String broker,
			Set<String> skipped) throws Exception {
		Implementation implementation = factory.apply(broker);
		try {
			implementation.start();
			return implementation;
		}
		catch (Exception | LinkageError ex) {
			Throwable cause = ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			String line = "SKIP impl=" + name + " reason=" + cause.getClass().getSimpleName() + ": "
					+ String.valueOf(cause.getMessage()).replace('\n', ' ');
			progress(line);
			skipped.add(line);
			try {
				implementation.close();
			}
			catch (Exception closing) {
				// Did not start
			}
			return null;
		}
	}

	private static void closeAll(List<Implementation> implementations) {
		for (Implementation implementation : implementations) {
			try {
				implementation.close();
			}
			catch (Exception ex) {
				progress("closing " + implementation.name() + " failed: " + ex);
			}
		}
	}

	// An implementation still busy after its run (collapsed under its own backlog) is
	// replaced by a fresh one, so that its backlog does not slow down the next run
	private static void run(ScenarioRunner runner, String phase, Scenario scenario,
			List<Implementation> implementations, int index, Map<String, Function<String, Implementation>> factories,
			BenchmarkSettings settings, Results results) throws Exception {
		Implementation implementation = implementations.get(index);
		ScenarioRunner.Outcome outcome = runner.run(implementation, scenario);
		report(phase, scenario, implementation, outcome.result());
		if (results != null) {
			results.add(scenario.name(), scenario.metric(), implementation.name(), outcome.result());
		}
		if (!outcome.idle()) {
			progress(implementation.name() + " still has unacknowledged publishes; restarting it");
			implementation.close();
			Implementation fresh = factories.get(implementation.name()).apply(settings.broker());
			fresh.start();
			implementations.set(index, fresh);
		}
	}

	private static void runReconnect(BenchmarkSettings settings, Results results, Set<String> skipped)
			throws Exception {
		try (ReconnectBenchmark reconnect = new ReconnectBenchmark(settings.mosquitto())) {
			List<Implementation> variants = new ArrayList<>();
			try {
				Map<String, String[]> transports = new LinkedHashMap<>();
				transports.put(Names.STARTER, new String[0]);
				transports.put(Names.STARTER_311, PROTOCOL_311);
				transports.put(Names.STARTER_HIVEMQ, TRANSPORT_HIVEMQ);
				for (Map.Entry<String, String[]> transport : transports.entrySet()) {
					String name = transport.getKey();
					if (!settings.uses(name)) {
						continue;
					}
					String[] properties = Stream
						.concat(Arrays.stream(ReconnectBenchmark.RECONNECT_PROPERTIES), Arrays.stream(transport.getValue()))
						.toArray(String[]::new);
					Implementation implementation = start(name,
							(broker) -> new StarterImplementation(name, broker, 0, Set.of(), properties),
							reconnect.serverUri(), skipped);
					if (implementation != null) {
						variants.add(implementation);
					}
				}
				reconnect.measure(variants, settings.restarts(), (name, result) -> {
					progress(String.format(Locale.ROOT, "%s %s: %.1f ms from the broker back to the first delivery",
							Scenarios.RECONNECT, name, result.p50Millis()));
					results.add(Scenarios.RECONNECT, Scenario.Metric.RECONNECT_TIME, name, result);
				});
			}
			finally {
				closeAll(variants);
			}
		}
	}

	private static void runStartup(BenchmarkSettings settings, Results results) throws Exception {
		StartupBenchmark startup = new StartupBenchmark(settings.broker());
		List<String> variants = new ArrayList<>();
		for (String variant : List.of(Names.STARTER, Names.RAW_PAHO, Names.SPRING_INTEGRATION)) {
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
				"%s %s %s: %d msgs in %.2f s, %.0f msg/s, p50 %.3f ms, p99 %.3f ms, CPU per msg: client %.1f us, broker %.1f us%s%s",
				phase, scenario.name(), implementation.name(), result.received(), result.seconds(),
				result.msgsPerSecond(), result.p50Millis(), result.p99Millis(), result.clientCpuMicrosPerMessage(),
				result.brokerCpuMicrosPerMessage(), loss, failures));
	}

	private static void progress(String message) {
		long seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
		System.out.printf(Locale.ROOT, "# [%d:%02d] %s%n", seconds / 60, seconds % 60, message);
		System.out.flush();
	}

}
