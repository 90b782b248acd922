package io.mqttspring.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mqttspring.benchmarks.RunResult;

/**
 * Measures start-up in fresh JVMs, one per measurement: in one JVM, whichever context
 * starts second would find the classes loaded and compiled.
 */
public final class StartupBenchmark {

	private final String serverUri;

	private String lastDetail = "";

	public StartupBenchmark(String serverUri) {
		this.serverUri = serverUri;
	}

	/**
	 * Where the time of the last measurement went, as the probe printed it.
	 * @return the detail
	 */
	public String lastDetail() {
		return this.lastDetail;
	}

	/**
	 * Start one variant in a new JVM and read its time to connected.
	 * @param variant {@code starter}, {@code spring-integration} or {@code raw-paho}
	 * @param run a number that makes the client id unique
	 * @return the result, the time as p50 and p99
	 * @throws IOException if the JVM could not be started or gave no time
	 * @throws InterruptedException if interrupted
	 */
	public RunResult measure(String variant, int run) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(StartupProbe.class.getName());
		command.add(variant);
		command.add(this.serverUri);
		command.add("bench-startup-" + variant + "-" + run);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		Long millis = null;
		String detail = "";
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				output.add(line);
				if (line.startsWith(StartupProbe.DETAIL_PREFIX)) {
					detail = line.substring(StartupProbe.DETAIL_PREFIX.length());
				}
				if (line.startsWith(StartupProbe.OUTPUT_PREFIX)) {
					millis = Long.parseLong(line.substring(StartupProbe.OUTPUT_PREFIX.length()).trim());
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		if (millis == null) {
			throw new IOException("The " + variant + " start-up probe printed no time:\n" + String.join("\n", output));
		}
		this.lastDetail = detail;
		return RunResult.startup(millis);
	}

}
