package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Extra listeners (TLS, WebSockets) get free ports of their own; files they need (keys,
 * certificates) are written into the broker's directory, which is also its working
 * directory, so the configuration names them relative to it:
 * <pre>
 * new MosquittoBroker().withFile("server.pem", server.certificatePem())
 *     .withFile("server-key.pem", server.privateKeyPem())
 *     .withListener("tls", "certfile server.pem", "keyfile server-key.pem");
 * </pre>
 */
public final class MosquittoBroker implements BeforeAllCallback, AfterAllCallback {

	public static final String BINARY = "/usr/sbin/mosquitto";

	private static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final List<String> extraConfig = new ArrayList<>();

	private final List<String> aclLines = new ArrayList<>();

	private final Map<String, String> files = new LinkedHashMap<>();

	private final Map<String, String> passwords = new LinkedHashMap<>();

	private final Map<String, ExtraListener> listeners = new LinkedHashMap<>();

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
	 * Write a file into the broker's directory before it starts, for configuration lines
	 * that name it (relative names resolve against that directory).
	 * @param name the file name
	 * @param content the file content
	 * @return this broker
	 */
	public MosquittoBroker withFile(String name, String content) {
		this.files.put(name, content);
		return this;
	}

	/**
	 * Check user names and passwords against a password file with these users; clients
	 * without a user name stay allowed, for the tests' command line clients.
	 * @param usersAndPasswords alternating user names and passwords
	 * @return this broker
	 */
	public MosquittoBroker withPasswords(String... usersAndPasswords) {
		if (usersAndPasswords.length % 2 != 0) {
			throw new IllegalArgumentException("Expected user name and password pairs");
		}
		for (int i = 0; i < usersAndPasswords.length; i += 2) {
			this.passwords.put(usersAndPasswords[i], usersAndPasswords[i + 1]);
		}
		return this;
	}

	/**
	 * Authenticate and authorize clients with Mosquitto's dynamic security plugin.
	 * @param security the users and their rules
	 * @return this broker
	 */
	public MosquittoBroker withDynamicSecurity(DynamicSecurity security) {
		this.files.put("dynamic-security.json", security.toJson());
		this.extraConfig.add("plugin " + dynamicSecurityPlugin());
		this.extraConfig.add("plugin_opt_config_file dynamic-security.json");
		return this;
	}

	// Installed with the broker, in the architecture's library directory
	private static Path dynamicSecurityPlugin() {
		try (var directories = Files.newDirectoryStream(Path.of("/usr/lib"))) {
			for (Path directory : directories) {
				Path plugin = directory.resolve("mosquitto_dynamic_security.so");
				if (Files.isRegularFile(plugin)) {
					return plugin;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Path.of("/usr/lib/mosquitto_dynamic_security.so");
	}

	/**
	 * Add an MQTT listener on a free loopback port of its own, for example with TLS.
	 * @param name the name to ask for its {@link #port(String) port} with
	 * @param lines configuration lines of the listener (after its {@code listener} line)
	 * @return this broker
	 */
	public MosquittoBroker withListener(String name, String... lines) {
		this.listeners.put(name, new ExtraListener(false, List.of(lines)));
		return this;
	}

	/**
	 * Add an MQTT over WebSockets listener on a free loopback port of its own; with
	 * {@code certfile} and {@code keyfile} lines it is a secure (wss) listener.
	 * @param name the name to ask for its {@link #port(String) port} with
	 * @param lines configuration lines of the listener (after its {@code protocol} line)
	 * @return this broker
	 */
	public MosquittoBroker withWebSocketListener(String name, String... lines) {
		this.listeners.put(name, new ExtraListener(true, List.of(lines)));
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
		for (ExtraListener listener : this.listeners.values()) {
			listener.port = freePort();
		}
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
			for (Map.Entry<String, String> file : this.files.entrySet()) {
				Files.writeString(this.directory.resolve(file.getKey()), file.getValue());
			}
			if (!this.passwords.isEmpty()) {
				Files.write(this.directory.resolve("passwords"), passwordFileLines());
			}
			Files.write(config, configuration());
			this.process = new ProcessBuilder(BINARY, "-c", config.toString()).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("mosquitto.out").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!allListenersAccepting()) {
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
		if (!this.passwords.isEmpty()) {
			lines.add("password_file " + this.directory.resolve("passwords"));
		}
		lines.addAll(this.extraConfig);
		for (ExtraListener listener : this.listeners.values()) {
			lines.addAll(listener.configuration());
		}
		return lines;
	}

	// Mosquitto's "$6$" format: base64(salt) and base64(SHA-512(password + salt))
	private List<String> passwordFileLines() {
		SecureRandom random = new SecureRandom();
		List<String> lines = new ArrayList<>();
		this.passwords.forEach((user, password) -> {
			byte[] salt = new byte[12];
			random.nextBytes(salt);
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-512");
				digest.update(password.getBytes(StandardCharsets.UTF_8));
				digest.update(salt);
				lines.add(user + ":$6$" + Base64.getEncoder().encodeToString(salt) + "$"
						+ Base64.getEncoder().encodeToString(digest.digest()));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		});
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

	/**
	 * The port of an extra listener.
	 * @param listener the listener's name
	 * @return the port
	 */
	public int port(String listener) {
		ExtraListener extra = this.listeners.get(listener);
		if (extra == null) {
			throw new IllegalArgumentException("No listener named '" + listener + "'");
		}
		return extra.port;
	}

	/**
	 * The URI of an extra listener.
	 * @param scheme {@code ssl}, {@code ws} or {@code wss}
	 * @param listener the listener's name
	 * @return {@code <scheme>://127.0.0.1:<port>}
	 */
	public String uri(String scheme, String listener) {
		return scheme + "://" + HOST + ":" + port(listener);
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

	private boolean allListenersAccepting() {
		return accepting(this.port)
				&& this.listeners.values().stream().allMatch((listener) -> accepting(listener.port));
	}

	private static boolean accepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), 200);
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

	private static final class ExtraListener {

		private final boolean webSocket;

		private final List<String> lines;

		private int port;

		ExtraListener(boolean webSocket, List<String> lines) {
			this.webSocket = webSocket;
			this.lines = lines;
		}

		List<String> configuration() {
			List<String> configuration = new ArrayList<>();
			if (this.webSocket) {
				// Mosquitto hands a WebSocket listener's address to libwebsockets, which
				// takes an interface name: with "127.0.0.1" it would listen on every interface
				configuration.add("listener " + this.port + " lo");
				configuration.add("protocol websockets");
			}
			else {
				configuration.add("listener " + this.port + " " + HOST);
			}
			configuration.addAll(this.lines);
			return configuration;
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
