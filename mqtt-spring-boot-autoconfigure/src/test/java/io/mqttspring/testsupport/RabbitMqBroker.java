package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.FileSystemUtils;

/**
 * A RabbitMQ 3.10 node (Debian package {@code rabbitmq-server}) with its MQTT plugin, run
 * as a private node of the test class: its own node name, free loopback ports (MQTT,
 * AMQP, Erlang distribution), its own epmd on a free port, and its configuration, data
 * and logs in a temp directory; started before the test class and killed after it, with
 * its epmd. No system service is used or touched. Tests can stop, kill, freeze and
 * restart it on the same ports; its data directory is kept across restarts, so that
 * persistent sessions survive. Without the binary the tests are skipped, unless
 * {@code CI=true}, where they fail.
 * <pre>
 * &#64;RegisterExtension
 * static final RabbitMqBroker rabbitMq = new RabbitMqBroker();
 * </pre>
 * RabbitMQ is slow to start. On this project's two-core machine the first start of a node
 * took about 11 seconds, and up to 30 when other builds kept the cores busy (the MQTT
 * plugin alone waits 3 to 6 seconds for cluster peers before a new node elects itself
 * leader of its client ID tracker); a restart took 5 to 8 seconds, up to 17 when busy, and
 * a graceful stop about 1. Test classes should share one node and restart it only where
 * that is what they test.
 * <p>
 * What the MQTT plugin of RabbitMQ 3.10.8 does, checked with {@code mosquitto_pub} and
 * {@code mosquitto_sub} and {@link MqttConnectProbe}:
 * <ul>
 * <li>MQTT 3.1.1 and 3.1; MQTT 5 only from RabbitMQ 3.13: it closes an MQTT 5 connection
 * without a CONNACK.</li>
 * <li>QoS 0 and 1, and QoS 2 downgraded to 1: a QoS 2 PUBLISH is answered with a PUBACK
 * (which a QoS 2 publisher takes as a protocol error) and a subscription asking for QoS
 * 2 is granted QoS 1.</li>
 * <li>Retained messages, but only for subscriptions without wildcards: a subscriber to
 * {@code a/+} or {@code a/#} gets none. Retained messages survive a graceful restart;
 * one retained just before a kill may be lost.</li>
 * <li>The will, on an abrupt disconnect.</li>
 * <li>Persistent sessions with clean session off (a durable queue per client): QoS 1
 * messages published while the client was away are delivered when it comes back, also
 * after a restart of the node, graceful or not.</li>
 * <li>No shared subscriptions: {@code $share/group/topic} is granted but taken as a
 * literal topic, so it receives nothing published to {@code topic}.</li>
 * </ul>
 */
public final class RabbitMqBroker implements BeforeAllCallback, AfterAllCallback {

	/**
	 * The server script itself: the {@code /usr/sbin/rabbitmq-server} wrapper would switch
	 * to the {@code rabbitmq} user, which cannot use our temp directory.
	 */
	public static final Path BINARY = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private static final Path EPMD = Path.of("/usr/bin/epmd");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String nodeName = "mqtt-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
			+ "@localhost";

	private Path directory;

	private int mqttPort;

	private int amqpPort;

	private int distributionPort;

	private int epmdPort;

	private Process epmd;

	private Process process;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		BrokerProcesses.requireBinary(BINARY, "rabbitmq-server");
		BrokerProcesses.requireBinary(EPMD, "erlang-base");
		this.directory = Files.createTempDirectory("rabbitmq-test-");
		this.mqttPort = BrokerProcesses.freePort();
		this.amqpPort = BrokerProcesses.freePort();
		this.distributionPort = BrokerProcesses.freePort();
		this.epmdPort = BrokerProcesses.freePort();
		for (String subdirectory : List.of("home", "mnesia", "log")) {
			Files.createDirectories(this.directory.resolve(subdirectory));
		}
		Files.write(this.directory.resolve("rabbitmq.conf"), configuration());
		Files.writeString(this.directory.resolve("enabled_plugins"), "[rabbitmq_mqtt].\n");
		// Replaces /etc/rabbitmq/rabbitmq-env.conf, which the script would otherwise read
		Files.writeString(this.directory.resolve("rabbitmq-env.conf"), "");
		startEpmd();
		start();
	}

	private List<String> configuration() {
		return List.of("listeners.tcp.default = " + BrokerProcesses.HOST + ":" + this.amqpPort,
				"mqtt.listeners.tcp.default = " + BrokerProcesses.HOST + ":" + this.mqttPort,
				"mqtt.allow_anonymous = true", "mqtt.default_user = guest", "mqtt.default_pass = guest",
				"mqtt.vhost = /", "log.console = false", "log.file.level = info");
	}

	/**
	 * A private epmd, started by us rather than by the node so that we know its process
	 * and can stop it: one that a node starts itself outlives the node, detached.
	 */
	private void startEpmd() {
		try {
			this.epmd = new ProcessBuilder(EPMD.toString(), "-port", String.valueOf(this.epmdPort), "-address",
					BrokerProcesses.HOST)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("epmd.out").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!accepting(this.epmdPort)) {
			if (!this.epmd.isAlive() || System.nanoTime() > deadline) {
				this.epmd.destroyForcibly();
				throw new IllegalStateException("epmd did not start on port " + this.epmdPort + ":\n"
						+ BrokerProcesses.read(this.directory.resolve("epmd.out")));
			}
			BrokerProcesses.sleep(20);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		kill();
		if (this.epmd != null) {
			this.epmd.destroyForcibly();
			BrokerProcesses.awaitExit(this.epmd.toHandle(), STOP_TIMEOUT);
		}
		if (this.directory != null) {
			FileSystemUtils.deleteRecursively(this.directory.toFile());
		}
	}

	/**
	 * Start the node on its ports and wait until it accepts MQTT connections; its data
	 * (durable sessions, retained messages) is kept from the previous run.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(BINARY.toString()).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()));
		Map<String, String> environment = builder.environment();
		// Settings of the developer's shell must not redirect the node
		environment.keySet().removeIf((name) -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
		environment.putAll(environment());
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			BrokerProcesses.awaitMqtt("RabbitMQ", this.mqttPort, START_TIMEOUT, this.process,
					() -> BrokerProcesses.read(outputFile()) + log());
		}
		catch (IllegalStateException ex) {
			kill();
			throw ex;
		}
	}

	private Map<String, String> environment() {
		return Map.ofEntries(Map.entry("HOME", this.directory.resolve("home").toString()),
				Map.entry("RABBITMQ_NODENAME", this.nodeName),
				Map.entry("RABBITMQ_NODE_PORT", String.valueOf(this.amqpPort)),
				Map.entry("RABBITMQ_DIST_PORT", String.valueOf(this.distributionPort)),
				Map.entry("ERL_EPMD_PORT", String.valueOf(this.epmdPort)),
				// The distribution port would otherwise listen on every interface
				Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
				Map.entry("RABBITMQ_MNESIA_BASE", this.directory.resolve("mnesia").toString()),
				Map.entry("RABBITMQ_LOG_BASE", this.directory.resolve("log").toString()),
				Map.entry("RABBITMQ_CONFIG_FILE", this.directory.resolve("rabbitmq.conf").toString()),
				// Absent, so that /etc/rabbitmq/advanced.config is not read either
				Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", this.directory.resolve("advanced.config").toString()),
				Map.entry("RABBITMQ_CONF_ENV_FILE", this.directory.resolve("rabbitmq-env.conf").toString()),
				Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", this.directory.resolve("enabled_plugins").toString()),
				Map.entry("RABBITMQ_PID_FILE", this.directory.resolve("rabbitmq.pid").toString()));
	}

	/**
	 * Stop the node gracefully: SIGTERM to the server script, which has the Erlang VM shut
	 * RabbitMQ down (close connections, flush queues and the retained message store).
	 */
	public synchronized void stop() {
		if (isRunning()) {
			resume();
			this.process.destroy();
			if (!BrokerProcesses.awaitExit(this.process.toHandle(), STOP_TIMEOUT)) {
				throw new IllegalStateException("RabbitMQ did not stop within " + STOP_TIMEOUT.toSeconds()
						+ "s of SIGTERM:\n" + log());
			}
		}
		this.process = null;
	}

	/**
	 * Kill the node abruptly (SIGKILL of the Erlang VM and its helper processes): clients
	 * see their connection cut.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			// The VM first: the script reaps it and then exits by itself
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			if (!BrokerProcesses.awaitExit(this.process.toHandle(), STOP_TIMEOUT)) {
				this.process.destroyForcibly();
				BrokerProcesses.awaitExit(this.process.toHandle(), STOP_TIMEOUT);
			}
			this.process = null;
		}
	}

	/**
	 * Freeze the Erlang VM (SIGSTOP): connections stay open but nothing answers, as with a
	 * half-open connection.
	 */
	public synchronized void freeze() {
		BrokerProcesses.signal(erlangVm().pid(), "STOP");
	}

	/**
	 * Let a frozen node continue (SIGCONT).
	 */
	public synchronized void resume() {
		BrokerProcesses.signal(erlangVm().pid(), "CONT");
	}

	private ProcessHandle erlangVm() {
		if (!isRunning()) {
			throw new IllegalStateException("RabbitMQ is not running");
		}
		return this.process.children()
			.filter((child) -> child.info().command().filter((command) -> command.endsWith("/beam.smp")).isPresent())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No Erlang VM (beam.smp) under the RabbitMQ server script"));
	}

	/**
	 * Whether the node's process is running.
	 * @return whether running
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * The MQTT port.
	 * @return the port
	 */
	public int port() {
		return this.mqttPort;
	}

	/**
	 * The AMQP 0-9-1 port.
	 * @return the port
	 */
	public int amqpPort() {
		return this.amqpPort;
	}

	/**
	 * The node's name, unique so that it cannot be mistaken for another node.
	 * @return for example {@code mqtt-test-1a2b3c4d@localhost}
	 */
	public String nodeName() {
		return this.nodeName;
	}

	public String host() {
		return BrokerProcesses.HOST;
	}

	/**
	 * The URI for MQTT clients.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String uri() {
		return "tcp://" + BrokerProcesses.HOST + ":" + this.mqttPort;
	}

	/**
	 * The node's log so far, over all its runs.
	 * @return the log
	 */
	public String log() {
		return BrokerProcesses.read(this.directory.resolve("log").resolve(this.nodeName + ".log"));
	}

	// The start-up banner, and errors from before the node opened its log
	private Path outputFile() {
		return this.directory.resolve("rabbitmq-server.out");
	}

	private static boolean accepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(BrokerProcesses.HOST, port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
