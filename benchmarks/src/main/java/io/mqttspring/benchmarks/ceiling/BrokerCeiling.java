package io.mqttspring.benchmarks.ceiling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.benchmarks.CpuMeter;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Names;
import io.mqttspring.benchmarks.Payloads;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.RunResult;
import io.mqttspring.benchmarks.Scenario;
import io.mqttspring.benchmarks.Scenarios;

/**
 * The yardstick: Mosquitto's own C clients on the same broker, a {@code mosquitto_sub}
 * process receiving what {@code mosquitto_pub -l} processes publish one after the other, one
 * message per line of files of 64-character lines (64-byte payloads, as the other
 * implementations send).
 * What they reach is what this broker can deliver on this machine, so a Java client's
 * figure over it says how much of the broker's capacity the client uses. Throughput only:
 * the C clients carry no send times, so no latency. The client CPU is that of the two
 * processes (from bash's {@code times}), the broker's is measured as for the others.
 */
public final class BrokerCeiling implements Implementation {

	private static final Set<String> SCENARIOS = Set.of(Scenarios.THROUGHPUT_QOS0, Scenarios.THROUGHPUT_QOS1);

	private static final String READY_TOPIC = "bench/broker-ceiling/ready";

	private static final long IDLE_MILLIS = 3_000;

	private static final long TIMEOUT_MILLIS = 60_000;

	// mosquitto_pub -l waits for the acknowledgement of its last message's packet identifier
	// at the end of its input, and identifiers repeat after 65,535: so at most this many
	// lines per process, the processes one after the other
	private static final int LINES_PER_PUBLISHER = 50_000;

	// The children's line of bash's 'times': user and system time, such as 0m0.186s 0m0.207s
	private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

	private final String host;

	private final int port;

	private final Map<Integer, List<Path>> lines = new HashMap<>();

	private Path directory;

	/**
	 * @param serverUri the broker, {@code tcp://host:port}
	 */
	public BrokerCeiling(String serverUri) {
		URI uri = URI.create(serverUri);
		this.host = uri.getHost();
		this.port = uri.getPort();
	}

	@Override
	public String name() {
		return Names.BROKER_CEILING;
	}

	@Override
	public boolean runs(Scenario scenario) {
		return SCENARIOS.contains(scenario.name());
	}

	/**
	 * Leave a retained message on the ready topic: a subscriber sees it as soon as its
	 * subscription is in place, which tells when publishing may start.
	 */
	@Override
	public void start() throws IOException, InterruptedException {
		this.directory = Files.createTempDirectory("broker-ceiling");
		run(List.of("mosquitto_pub", "-h", this.host, "-p", Integer.toString(this.port), "-q", "1", "-r", "-t",
				READY_TOPIC, "-m", "ready"));
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) {
		throw new IllegalStateException("The command line clients run a scenario by themselves: see measure");
	}

	/**
	 * Run the scenario with the command line clients.
	 * @param scenario the scenario
	 * @param runId the run, which makes the topic
	 * @param cpu measures the broker's CPU time
	 * @return the result, without latencies
	 * @throws IOException if a process could not be started
	 * @throws InterruptedException if interrupted
	 */
	public RunResult measure(Scenario scenario, int runId, CpuMeter cpu) throws IOException, InterruptedException {
		int messages = scenario.messages();
		// Before the clock and the subscriber's idle time-out start
		List<Path> parts = lines(messages);
		String qos = Integer.toString(scenario.family().qos());
		String topic = scenario.family().topic(name(), runId, 0);
		Process subscriber = new ProcessBuilder("bash", "-c",
				"mosquitto_sub -h " + this.host + " -p " + this.port + " -q " + qos + " -t " + READY_TOPIC + " -t "
						+ topic + " -C " + (messages + 1) + " -F %l; times")
			.redirectErrorStream(true)
			.start();
		long start = 0;
		long brokerCpu = -1;
		int received = 0;
		long lastArrival = 0;
		Process publisher = null;
		List<String> output = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(subscriber.getInputStream(), StandardCharsets.US_ASCII))) {
			// The retained message first: subscribed
			String first = reader.readLine();
			if (!"5".equals(first)) {
				throw new IOException("mosquitto_sub did not subscribe: " + first);
			}
			Watchdog watchdog = new Watchdog(subscriber, IDLE_MILLIS, TIMEOUT_MILLIS);
			brokerCpu = cpu.brokerNanos();
			start = System.nanoTime();
			StringBuilder publishers = new StringBuilder();
			for (Path part : parts) {
				publishers.append("mosquitto_pub -h ").append(this.host).append(" -p ").append(this.port).append(" -q ")
					.append(qos).append(" -t ").append(topic).append(" -l < ").append(part).append("; ");
			}
			publisher = new ProcessBuilder("bash", "-c", publishers + "times").redirectErrorStream(true).start();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.equals(Integer.toString(Payloads.SIZE))) {
					received++;
					lastArrival = System.nanoTime();
					watchdog.progress();
				}
				else {
					output.add(line);
				}
			}
			watchdog.cancel();
		}
		subscriber.waitFor(10, TimeUnit.SECONDS);
		long brokerNanos = (brokerCpu >= 0) ? cpu.brokerNanos() - brokerCpu : -1;
		long clientNanos = childrenCpuNanos(output);
		if (publisher != null) {
			publisher.waitFor(10, TimeUnit.SECONDS);
			clientNanos += childrenCpuNanos(new String(publisher.getInputStream().readAllBytes(),
					StandardCharsets.US_ASCII).lines().toList());
		}
		long elapsed = Math.max(1, lastArrival - start);
		return new RunResult(received * 1e9 / elapsed, 0, 0, received, messages, 0, elapsed / 1e9)
			.withCpu(clientNanos, brokerNanos);
	}

	private static long childrenCpuNanos(List<String> output) {
		List<String> times = output.stream().filter((line) -> TIMES.matcher(line).matches()).toList();
		if (times.isEmpty()) {
			return 0;
		}
		// The first line is the shell's own time, the second its children's
		Matcher matcher = TIMES.matcher(times.get(times.size() - 1));
		matcher.matches();
		double seconds = Integer.parseInt(matcher.group(1)) * 60 + Double.parseDouble(matcher.group(2))
				+ Integer.parseInt(matcher.group(3)) * 60 + Double.parseDouble(matcher.group(4));
		return (long) (seconds * 1e9);
	}

	// One 64-character line per message, numbered so that no two are alike, in files of at
	// most LINES_PER_PUBLISHER lines
	private List<Path> lines(int messages) throws IOException {
		List<Path> files = this.lines.get(messages);
		if (files == null) {
			files = new ArrayList<>();
			for (int first = 0; first < messages; first += LINES_PER_PUBLISHER) {
				int last = Math.min(messages, first + LINES_PER_PUBLISHER);
				StringBuilder text = new StringBuilder((last - first) * (Payloads.SIZE + 1));
				for (int i = first; i < last; i++) {
					String number = Integer.toString(i);
					text.append("0".repeat(Payloads.SIZE - number.length())).append(number).append('\n');
				}
				Path file = this.directory.resolve(messages + "-" + first + ".txt");
				Files.writeString(file, text, StandardCharsets.US_ASCII);
				files.add(file);
			}
			this.lines.put(messages, files);
		}
		return files;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run(List.of("mosquitto_pub", "-h", this.host, "-p", Integer.toString(this.port), "-q", "1", "-r", "-n", "-t",
				READY_TOPIC));
		for (List<Path> files : this.lines.values()) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(this.directory);
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException(command + " failed: " + new String(process.getInputStream().readAllBytes(),
					StandardCharsets.UTF_8));
		}
	}

	/**
	 * Ends the subscriber when messages stop arriving (QoS 0 messages can be lost) or the
	 * run takes too long, which ends its output.
	 */
	private static final class Watchdog {

		private final Thread thread;

		private volatile long lastProgress = System.currentTimeMillis();

		private volatile boolean cancelled;

		Watchdog(Process process, long idleMillis, long timeoutMillis) {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			this.thread = new Thread(() -> {
				while (!this.cancelled && process.isAlive()) {
					long now = System.currentTimeMillis();
					if (now > deadline || now - this.lastProgress > idleMillis) {
						process.descendants().forEach(ProcessHandle::destroy);
						return;
					}
					try {
						Thread.sleep(50);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "broker-ceiling-watchdog");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void progress() {
			this.lastProgress = System.currentTimeMillis();
		}

		void cancel() {
			this.cancelled = true;
			this.thread.interrupt();
		}

	}

}
