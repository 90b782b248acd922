package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.FileSystemUtils;

/**
 * A NATS server 2.9 (Debian package {@code nats-server}) with its MQTT listener, on free
 * loopback ports with a generated configuration, started before the test class and
 * killed after it; a broker that speaks only MQTT 3.1.1 and that we did not write. Tests
 * can stop, kill, freeze and restart it on the same ports. Without the binary the tests
 * are skipped, unless {@code CI=true}, where they fail.
 * <pre>
 * &#64;RegisterExtension
 * static final NatsServer nats = new NatsServer();
 * </pre>
 * MQTT in NATS is built on JetStream, so the configuration has a {@code server_name} and
 * a JetStream store in the server's temp directory; sessions and retained messages live
 * there and survive a restart, graceful or not. What NATS 2.9.10 does, checked with
 * {@code mosquitto_pub} and {@code mosquitto_sub} and {@link MqttConnectProbe}:
 * <ul>
 * <li>MQTT 3.1.1 only: it answers an MQTT 5 CONNECT with CONNACK return code 0x01
 * (unacceptable protocol version), which Paho v5 reports as "Invalid Return code", and
 * closes an MQTT 3.1 ({@code MQIsdp}) connection without a CONNACK.</li>
 * <li>QoS 0 and 1. A QoS 2 PUBLISH closes the connection ("publish QoS=2 not supported"
 * in its log; QoS 2 arrived in NATS 2.10); a subscription asking for QoS 2 is granted
 * QoS 1.</li>
 * <li>Retained messages, also for wildcard subscribers; {@code +} and {@code #}
 * wildcards.</li>
 * <li>The will, on an abrupt disconnect.</li>
 * <li>Persistent sessions with clean session off: QoS 1 messages published while the
 * client was away are delivered when it comes back, also after a restart of the
 * server.</li>
 * <li>No shared subscriptions: {@code $share/group/topic} is granted but taken as a
 * literal topic, so it receives nothing published to {@code topic}.</li>
 * </ul>
 */
public final class NatsServer implements BeforeAllCallback, AfterAllCallback {

	public static final Path BINARY = Path.of("/usr/sbin/nats-server");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private Path directory;

	private int natsPort;

	private int mqttPort;

	private Process process;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		BrokerProcesses.requireBinary(BINARY, "nats-server");
		this.directory = Files.createTempDirectory("nats-test-");
		this.natsPort = BrokerProcesses.freePort();
		this.mqttPort = BrokerProcesses.freePort();
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		kill();
		if (this.directory != null) {
			FileSystemUtils.deleteRecursively(this.directory.toFile());
		}
	}

	/**
	 * Start the server on its ports and wait until it accepts MQTT connections; its
	 * JetStream store, and with it sessions and retained messages, is kept from the
	 * previous run.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		try {
			Path config = this.directory.resolve("nats-server.conf");
			Files.write(config, configuration());
			this.process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
				.directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			BrokerProcesses.awaitMqtt("nats-server", this.mqttPort, START_TIMEOUT, this.process,
					() -> log() + BrokerProcesses.read(outputFile()));
		}
		catch (IllegalStateException ex) {
			kill();
			throw ex;
		}
	}

	private List<String> configuration() {
		return List.of("server_name: mqtt-test", "listen: " + BrokerProcesses.HOST + ":" + this.natsPort,
				"log_file: \"" + logFile() + "\"", "jetstream {",
				"\tstore_dir: \"" + this.directory.resolve("jetstream") + "\"", "}", "mqtt {",
				"\tlisten: " + BrokerProcesses.HOST + ":" + this.mqttPort,
				// Redelivery of an unacknowledged QoS 1 message: 30s by default, even after a reconnect
				"\tack_wait: \"5s\"", "}");
	}

	/**
	 * Stop the server gracefully (SIGTERM): it closes the client connections and its
	 * JetStream store.
	 */
	public synchronized void stop() {
		if (isRunning()) {
			resume();
			this.process.destroy();
			if (!BrokerProcesses.awaitExit(this.process.toHandle(), STOP_TIMEOUT)) {
				throw new IllegalStateException("nats-server did not stop within " + STOP_TIMEOUT.toSeconds()
						+ "s of SIGTERM:\n" + log());
			}
		}
		this.process = null;
	}

	/**
	 * Kill the server abruptly (SIGKILL): clients see their connection cut.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			BrokerProcesses.awaitExit(this.process.toHandle(), STOP_TIMEOUT);
			this.process = null;
		}
	}

	/**
	 * Freeze the server process (SIGSTOP): connections stay open but nothing answers, as
	 * with a half-open connection.
	 */
	public synchronized void freeze() {
		BrokerProcesses.signal(runningProcess().pid(), "STOP");
	}

	/**
	 * Let a frozen server continue (SIGCONT).
	 */
	public synchronized void resume() {
		BrokerProcesses.signal(runningProcess().pid(), "CONT");
	}

	private Process runningProcess() {
		if (!isRunning()) {
			throw new IllegalStateException("nats-server is not running");
		}
		return this.process;
	}

	/**
	 * Whether the server process is running.
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
	 * The port of the NATS protocol listener, for NATS clients.
	 * @return the port
	 */
	public int natsPort() {
		return this.natsPort;
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
	 * The server's log so far, over all its runs.
	 * @return the log
	 */
	public String log() {
		return BrokerProcesses.read(logFile());
	}

	private Path logFile() {
		return this.directory.resolve("nats-server.log");
	}

	// What the server prints before it opens its log file, such as configuration errors
	private Path outputFile() {
		return this.directory.resolve("nats-server.out");
	}

}
