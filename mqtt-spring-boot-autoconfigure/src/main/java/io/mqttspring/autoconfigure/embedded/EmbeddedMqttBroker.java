package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.mqttspring.connection.transport.FailureMessages;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.FileSystemUtils;

/**
 * An in-process HiveMQ CE broker on the loopback interface, for development and tests.
 * Its configuration, data and extensions folders live in a temporary directory that is
 * deleted when the broker is closed; messages are kept in memory only.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedMqttBroker.class);

	private static final String HOST = "127.0.0.1";

	private final EmbeddedHiveMQ hiveMq;

	private final Path directory;

	private final int port;

	private EmbeddedMqttBroker(EmbeddedHiveMQ hiveMq, Path directory, int port) {
		this.hiveMq = hiveMq;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a broker and wait until it accepts connections.
	 * @param port the port to listen on, or {@code 0} for a free port
	 * @return the running broker
	 * @throws EmbeddedBrokerStartException if the broker could not start, for example
	 * because another process listens on the port
	 */
	public static EmbeddedMqttBroker start(int port) {
		int actualPort = (port != 0) ? port : freePort();
		// HiveMQ reports a busy port in its log only, and fails with an exception without a message
		BindException portInUse = bind(actualPort);
		if (portInUse != null) {
			throw portInUse(actualPort, portInUse);
		}
		Path directory = createDirectory();
		EmbeddedHiveMQ hiveMq = null;
		try {
			Path config = Files.createDirectories(directory.resolve("conf"));
			Files.writeString(config.resolve("config.xml"), configuration(actualPort));
			hiveMq = EmbeddedHiveMQ.builder()
				.withConfigurationFolder(config)
				.withDataFolder(Files.createDirectories(directory.resolve("data")))
				.withExtensionsFolder(Files.createDirectories(directory.resolve("extensions")))
				.withoutLoggingBootstrap()
				.build();
			hiveMq.start().get();
			logger.info("Embedded MQTT broker (HiveMQ CE) started on tcp://" + HOST + ":" + actualPort);
			return new EmbeddedMqttBroker(hiveMq, directory, actualPort);
		}
		catch (IOException | ExecutionException ex) {
			Throwable failure = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			release(hiveMq, directory);
			// Another process may have taken the port since it was checked
			portInUse = bind(actualPort);
			if (portInUse != null) {
				throw portInUse(actualPort, portInUse);
			}
			throw new EmbeddedBrokerStartException(actualPort, false, FailureMessages.describe(failure)
					+ ((hiveMq != null) ? " (HiveMQ logs the details)" : ""), failure);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			release(hiveMq, directory);
			throw new EmbeddedBrokerStartException(actualPort, false, "interrupted while it was starting", ex);
		}
	}

	private static EmbeddedBrokerStartException portInUse(int port, BindException failure) {
		return new EmbeddedBrokerStartException(port, true,
				"another process listens on " + HOST + ":" + port + " (" + FailureMessages.describe(failure) + ")",
				failure);
	}

	// A broker that failed to start still runs threads that would keep the JVM alive
	private static void release(EmbeddedHiveMQ hiveMq, Path directory) {
		try {
			if (hiveMq != null) {
				hiveMq.close();
			}
		}
		catch (ExecutionException | RuntimeException ex) {
			logger.debug("Could not release the embedded MQTT broker that failed to start", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			FileSystemUtils.deleteRecursively(directory.toFile());
		}
	}

	// The address in use as the broker binds it: a listening socket is a conflict, a
	// connection still closing from an earlier broker on the port is not
	private static BindException bind(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
			return null;
		}
		catch (BindException ex) {
			return ex;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not check the port of the embedded MQTT broker", ex);
		}
	}

	private static String configuration(int port) {
		return """
				<?xml version="1.0"?>
				<hivemq>
				    <listeners>
				        <tcp-listener>
				            <port>%d</port>
				            <bind-address>%s</bind-address>
				        </tcp-listener>
				    </listeners>
				    <persistence>
				        <mode>in-memory</mode>
				    </persistence>
				    <anonymous-usage-statistics>
				        <enabled>false</enabled>
				    </anonymous-usage-statistics>
				</hivemq>
				""".formatted(port, HOST);
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("mqtt-embedded-broker-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for the embedded MQTT broker", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port for the embedded MQTT broker", ex);
		}
	}

	/**
	 * The port the broker listens on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * The URI clients connect to.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String getServerUri() {
		return "tcp://" + HOST + ":" + this.port;
	}

	/**
	 * The directory holding the broker's configuration and data.
	 * @return the directory
	 */
	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * Stop the broker and delete its directory.
	 */
	@Override
	public void close() {
		try {
			this.hiveMq.stop().get();
			this.hiveMq.close();
		}
		catch (ExecutionException ex) {
			logger.warn("Error while stopping the embedded MQTT broker", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.directory.toFile());
		}
	}

}
