package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.FileSystemUtils;

/**
 * A Mosquitto process on a free loopback port with a generated configuration, started
 * before the test class and killed after it. Tests can stop, kill and restart it on the
 * same port. Without the mosquitto binary the tests are skipped, unless {@code CI=true},
 * where they fail.
 * <pre>
 * &#64;RegisterExtension
 * static MosquittoBroker mosquitto = new MosquittoBroker().withConfig("message_size_limit 200");
 * </pre>
 */
public final class MosquittoBroker implements BeforeAllCallback, AfterAllCallback {

	public static final String BINARY = "/usr/sbin/mosquitto";

	private static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final List<String> extraConfig = new ArrayList<>();

	private final List<String> aclLines = new ArrayList<>();

	private boolean startWithTestClass = true;

	private boolean persistence;

	private Path directory;

	private int port;

	private Process process;

	/**
	 * Add lines to the generated mosquitto.conf.
	 * @param lines configuration lines
	 * @return this broker
	 */
	public MosquittoBroker withConfig(String... lines) {
		this.extraConfig.addAll(List.of(lines));
		return this;
	}

	/**
	 * Restrict clients with an ACL file holding these lines; lines before any
	 * {@code user} line apply to anonymous clients.
	 * @param lines ACL file lines
	 * @return this broker
	 */
	public MosquittoBroker withAcl(String... lines) {
		this.aclLines.addAll(List.of(lines));
		return this;
	}

	/**
	 * Keep sessions and queued messages on disk across restarts of the broker.
	 * @return this broker
	 */
	public MosquittoBroker withPersistence() {
		this.persistence = true;
		return this;
	}

	/**
	 * Reserve the port but leave the broker down until {@link #start()}.
	 * @return this broker
	 */
	public MosquittoBroker notStarted() {
		this.startWithTestClass = false;
		return this;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		requireMosquitto();
		this.directory = Files.createTempDirectory("mosquitto-test-");
		this.port = freePort();
		if (this.startWithTestClass) {
			start();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		kill();
		if (this.directory != null) {
			FileSystemUtils.deleteRecursively(this.directory.toFile());
		}
	}

	static void requireMosquitto() {
		if (!Files.isExecutable(Path.of(BINARY))) {
			String message = BINARY + " not found: install the Debian package 'mosquitto' (and 'mosquitto-clients')";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

	/**
	 * Start the broker on its port and wait until it accepts connections.
	 */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			Path config = this.directory.resolve("mosquitto.conf");
			if (!this.aclLines.isEmpty()) {
				Files.write(this.directory.resolve("acl.conf"), this.aclLines);
			}
			Files.write(config, configuration());
			this.process = new ProcessBuilder(BINARY, "-c", config.toString()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("mosquitto.out").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!accepting()) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				this.process.destroyForcibly();
				throw new IllegalStateException("Mosquitto did not start on port " + this.port + ":\n" + log()
						+ read(this.directory.resolve("mosquitto.out")));
			}
			sleep(20);
		}
	}

	private List<String> configuration() {
		List<String> lines = new ArrayList<>();
		lines.add("listener " + this.port + " " + HOST);
		lines.add("allow_anonymous true");
		// Mosquitto started as root drops to the 'mosquitto' user, which cannot read our temp files
		lines.add("user root");
		if (this.persistence) {
			lines.add("persistence true");
			lines.add("persistence_location " + this.directory + "/");
			lines.add("autosave_interval 1");
		}
		else {
			lines.add("persistence false");
		}
		// A file is flushed per line; stdout to a file is block-buffered
		lines.add("log_dest file " + logFile());
		lines.add("log_type error");
		lines.add("log_type warning");
		lines.add("log_type notice");
		lines.add("log_type information");
		lines.add("log_type subscribe");
		lines.add("log_type unsubscribe");
		lines.add("connection_messages true");
		if (!this.aclLines.isEmpty()) {
			lines.add("acl_file " + this.directory.resolve("acl.conf"));
		}
		lines.addAll(this.extraConfig);
		return lines;
	}

	/**
	 * Stop the broker gracefully (SIGTERM).
	 */
	public synchronized void stop() {
		if (this.process != null) {
			if (this.process.isAlive()) {
				signal("CONT");
			}
			this.process.destroy();
			awaitExit();
		}
	}

	/**
	 * Kill the broker abruptly (SIGKILL): clients see their connection cut.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit();
		}
	}

	/**
	 * Freeze the broker process (SIGSTOP): connections stay open but nothing answers, as
	 * with a half-open connection.
	 */
	public synchronized void freeze() {
		signal("STOP");
	}

	/**
	 * Let a frozen broker continue (SIGCONT).
	 */
	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Whether the broker process is running.
	 * @return whether running
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	public String host() {
		return HOST;
	}

	/**
	 * The URI to connect to.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String uri() {
		return "tcp://" + HOST + ":" + this.port;
	}

	/**
	 * Wait until the broker logged a subscription to the filter.
	 * @param topicFilter the topic filter
	 */
	public void awaitSubscription(String topicFilter) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (log().lines().noneMatch((line) -> line.endsWith(" " + topicFilter))) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No subscription to '" + topicFilter + "' within 10s; log:\n" + log());
			}
			sleep(20);
		}
	}

	/**
	 * The broker's output so far.
	 * @return the log
	 */
	public String log() {
		return read(logFile());
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "(log not readable: " + ex + ")";
		}
	}

	private Path logFile() {
		return this.directory.resolve("mosquitto.log");
	}

	private boolean accepting() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
