package io.mqttspring.benchmarks.reconnect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Payloads;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.RunResult;
import io.mqttspring.benchmarks.Scenario;
import io.mqttspring.benchmarks.Scenarios;

/**
 * How soon messages flow again after a broker restart, per transport: a Mosquitto of its
 * own (the other scenarios' broker stays up), and each variant of the starter publishing
 * QoS 1 messages to its own listener, one every millisecond, through the outage (they wait
 * in the template's outbound buffer). The broker is killed (SIGKILL), stays down for a
 * while, and is started again on the same port; the figure is the time from the moment it
 * accepts connections again to the first message published since the kill that reaches
 * the variant's listener: reconnect, resubscribe, send what waited, deliver. The variants
 * retry every 20 ms ({@code mqtt.reconnect.min-delay} and {@code max-delay}), so the time is
 * the transport's and not the back-off's.
 */
public final class ReconnectBenchmark implements AutoCloseable {

	/**
	 * The settings every variant runs with: the reconnect delays, and no warning for each
	 * failed attempt while the broker is down.
	 */
	public static final String[] RECONNECT_PROPERTIES = { "mqtt.reconnect.min-delay=20ms",
			"mqtt.reconnect.max-delay=20ms", "logging.level.io.mqttspring.connection=ERROR" };

	private static final long DOWN_MILLIS = 500;

	private static final long DELIVERY_TIMEOUT_MILLIS = 30_000;

	private static final Scenario SCENARIO = Scenario.throughput(Scenarios.RECONNECT, Family.QOS1, 1);

	private final String mosquitto;

	private final Path directory;

	private final int port;

	private final AtomicInteger runIds = new AtomicInteger(1_000_000);

	private final AtomicBoolean publishing = new AtomicBoolean(true);

	private final List<Thread> publishers = new ArrayList<>();

	private Process broker;

	private volatile int runId = this.runIds.get();

	/**
	 * Start the broker.
	 * @param mosquitto the Mosquitto binary
	 * @throws IOException if it did not start
	 */
	public ReconnectBenchmark(String mosquitto) throws IOException {
		this.mosquitto = mosquitto;
		this.directory = Files.createTempDirectory("reconnect-broker");
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		// As benchmarks/run.sh configures its broker; 'user root': see there
		Files.writeString(this.directory.resolve("mosquitto.conf"), String.join("\n", "user root",
				"listener " + this.port + " 127.0.0.1", "allow_anonymous true", "persistence false",
				"max_inflight_messages 0", "max_queued_messages 0", "set_tcp_nodelay true", "log_dest none", ""));
		startBroker();
	}

	/**
	 * The URI of the broker.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String serverUri() {
		return "tcp://127.0.0.1:" + this.port;
	}

	/**
	 * Measure the variants through the given number of restarts.
	 * @param variants the starter on each transport, not yet started, connecting to
	 * {@link #serverUri()} with {@link #RECONNECT_PROPERTIES}
	 * @param restarts how many restarts
	 * @param result receives each variant's time of each restart
	 * @throws Exception if a variant failed
	 */
	public void measure(List<Implementation> variants, int restarts, BiConsumer<String, RunResult> result)
			throws Exception {
		List<Implementation.Run> runs = new ArrayList<>();
		for (Implementation variant : variants) {
			runs.add(variant.prepare(SCENARIO, new Recorder(this.runId, 1, false)));
			startPublisher(variant, runs.get(runs.size() - 1));
		}
		for (int restart = 0; restart < restarts; restart++) {
			this.broker.destroyForcibly();
			this.broker.waitFor(10, TimeUnit.SECONDS);
			// Published from now on: can only arrive through the next connection
			this.runId = this.runIds.incrementAndGet();
			List<Recorder> recorders = new ArrayList<>();
			for (Implementation variant : variants) {
				Recorder recorder = new Recorder(this.runId, 1, false);
				variant.prepare(SCENARIO, recorder);
				recorders.add(recorder);
			}
			Thread.sleep(DOWN_MILLIS);
			long back = startBroker();
			for (int i = 0; i < variants.size(); i++) {
				Recorder recorder = recorders.get(i);
				recorder.await(DELIVERY_TIMEOUT_MILLIS, DELIVERY_TIMEOUT_MILLIS);
				long arrival = recorder.firstArrivalNanos();
				double millis = (arrival > 0) ? (arrival - back) / 1e6 : DELIVERY_TIMEOUT_MILLIS;
				result.accept(variants.get(i).name(), RunResult.startup(millis));
			}
		}
	}

	// Through the outage: the template takes them into its outbound buffer
	private void startPublisher(Implementation variant, Implementation.Run run) {
		String topic = Family.QOS1.topic(variant.name(), 0, 0);
		Thread publisher = new Thread(() -> {
			int seq = 0;
			while (this.publishing.get()) {
				try {
					run.publish(topic, Payloads.encode(this.runId, seq++, System.nanoTime()), 1);
				}
				catch (Exception ex) {
					// Counted by the variant as a failed publish; the next one may succeed
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}, "reconnect-publisher-" + variant.name());
		publisher.setDaemon(true);
		publisher.start();
		this.publishers.add(publisher);
	}

	/**
	 * Start the broker and wait until it accepts connections.
	 * @return the {@link System#nanoTime()} of the first accepted connection
	 */
	private long startBroker() throws IOException {
		this.broker = new ProcessBuilder(this.mosquitto, "-c", this.directory.resolve("mosquitto.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("mosquitto.out").toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 100);
				return System.nanoTime();
			}
			catch (IOException ex) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
		throw new IOException("Mosquitto did not start on port " + this.port + ": "
				+ Files.readString(this.directory.resolve("mosquitto.out")));
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.publishing.set(false);
		for (Thread publisher : this.publishers) {
			publisher.join(1000);
		}
		if (this.broker != null) {
			this.broker.destroyForcibly();
			this.broker.waitFor(10, TimeUnit.SECONDS);
		}
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(this.directory);
	}

}
