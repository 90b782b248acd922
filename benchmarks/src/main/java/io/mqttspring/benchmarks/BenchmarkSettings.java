package io.mqttspring.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Command-line settings: {@code --broker=tcp://127.0.0.1:1883} (required),
 * {@code --rounds=3}, {@code --scale=1} (multiplies message counts),
 * {@code --warmup-scale=0.2}, {@code --window=1000} (publishes in flight for raw Paho and
 * Spring Integration's async mode), {@code --starter-window=0} (the same window applied by
 * the caller of {@code MqttTemplate}; 0, the default, leaves it to the template, as it is
 * meant to be used: its publish call blocks only when its outbound buffer is full), {@code --startup-rounds=5}, {@code --scenarios=a,b}
 * (default all, {@code startup} included), {@code --implementations=a,b} (default all),
 * {@code --broker-pid=<pid>} (to report the broker's CPU time), {@code --mosquitto=<binary>}
 * (for the reconnect scenario's broker of its own), {@code --restarts=5} (broker restarts
 * of the reconnect scenario).
 *
 * @param broker the broker's URI
 * @param rounds measured rounds per scenario and implementation
 * @param scale multiplies every message count
 * @param warmupScale message counts of the warm-up runs, relative to the measured ones
 * @param window publishes in flight for raw Paho and the async handler
 * @param starterWindow publishes in flight the harness allows the template, 0 for no limit
 * @param startupRounds fresh JVMs per start-up variant
 * @param scenarios the scenarios to run, empty for all
 * @param implementations the implementations to run, empty for all
 * @param brokerPid the broker's process id, 0 when unknown
 * @param mosquitto the Mosquitto binary
 * @param restarts broker restarts in the reconnect scenario
 */
public record BenchmarkSettings(String broker, int rounds, double scale, double warmupScale, int window,
		int starterWindow, int startupRounds, List<String> scenarios, List<String> implementations, long brokerPid, String mosquitto,
		int restarts) {

	public static BenchmarkSettings parse(String... args) {
		String broker = null;
		int rounds = 3;
		double scale = 1;
		double warmupScale = 0.2;
		int window = 1000;
		int starterWindow = 0;
		int startupRounds = 5;
		List<String> scenarios = List.of();
		List<String> implementations = List.of();
		long brokerPid = 0;
		String mosquitto = "/usr/sbin/mosquitto";
		int restarts = 5;
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Expected --name=value but got '" + arg + "'");
			}
			String value = arg.substring(equals + 1);
			switch (arg.substring(2, equals)) {
				case "broker" -> broker = value;
				case "rounds" -> rounds = Integer.parseInt(value);
				case "scale" -> scale = Double.parseDouble(value);
				case "warmup-scale" -> warmupScale = Double.parseDouble(value);
				case "window" -> window = Integer.parseInt(value);
				case "starter-window" -> starterWindow = Integer.parseInt(value);
				case "startup-rounds" -> startupRounds = Integer.parseInt(value);
				case "scenarios" -> scenarios = list(value);
				case "implementations" -> implementations = list(value);
				case "broker-pid" -> brokerPid = Long.parseLong(value);
				case "mosquitto" -> mosquitto = value;
				case "restarts" -> restarts = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
			}
		}
		if (broker == null) {
			throw new IllegalArgumentException("--broker=tcp://host:port is required");
		}
		return new BenchmarkSettings(broker, rounds, scale, warmupScale, window, starterWindow, startupRounds, scenarios,
				implementations, brokerPid, mosquitto, restarts);
	}

	private static List<String> list(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).filter((name) -> !name.isEmpty()).toList();
	}

	public boolean runs(String scenario) {
		return this.scenarios.isEmpty() || this.scenarios.contains(scenario);
	}

	public boolean uses(String implementation) {
		return this.implementations.isEmpty() || this.implementations.contains(implementation);
	}

}
