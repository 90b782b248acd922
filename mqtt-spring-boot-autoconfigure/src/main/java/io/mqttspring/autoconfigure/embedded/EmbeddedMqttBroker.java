package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import com.hivemq.embedded.EmbeddedHiveMQ;
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
	 * @throws IllegalStateException if the broker could not start
	 */
	public static EmbeddedMqttBroker start(int port) {
		int actualPort = (port != 0) ? port : freePort();
		Path directory = createDirectory();
		try {
			Path config = Files.createDirectories(directory.resolve("conf"));
			Files.writeString(config.resolve("config.xml"), configuration(actualPort));
			EmbeddedHiveMQ hiveMq = EmbeddedHiveMQ.builder()
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
			FileSystemUtils.deleteRecursively(directory.toFile());
			throw new IllegalStateException("Could not start the embedded MQTT broker on port " + actualPort + ": "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			FileSystemUtils.deleteRecursively(directory.toFile());
			throw new IllegalStateException("Interrupted while starting the embedded MQTT broker", ex);
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
