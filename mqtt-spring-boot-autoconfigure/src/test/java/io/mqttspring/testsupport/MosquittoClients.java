package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code mosquitto_pub} and {@code mosquitto_sub} commands against a
 * {@link MosquittoBroker} or any broker on the loopback interface, as an outside client.
 */
public final class MosquittoClients {

	private MosquittoClients() {
	}

	/**
	 * Publish one message with {@code mosquitto_pub} (MQTT 5) and wait for it to finish.
	 * @param port the broker port
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS
	 */
	public static void publish(int port, String topic, String payload, int qos) {
		Process process = start(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", "mqttv5",
				"-q", String.valueOf(qos), "-t", topic, "-m", payload));
		String output = awaitOutput(process, 10);
		if (process.exitValue() != 0) {
			throw new AssertionError("mosquitto_pub failed with exit code " + process.exitValue() + ": " + output);
		}
	}

	/**
	 * Start {@code mosquitto_sub} printing {@code topic payload} lines, until it has seen
	 * the given number of messages or the time-out passed.
	 * @param port the broker port
	 * @param topicFilter the topic filter
	 * @param count how many messages to wait for
	 * @param timeoutSeconds the longest time to run
	 * @return the running subscriber
	 */
	public static Subscriber subscribe(int port, String topicFilter, int count, int timeoutSeconds) {
		return subscribe(port, topicFilter, count, timeoutSeconds, "%t %p");
	}

	/**
	 * Start {@code mosquitto_sub} printing each message in a {@code -F} format, such as
	 * {@code "%t|%p|%C|%P"} for topic, payload, content type and user properties.
	 * @param port the broker port
	 * @param topicFilter the topic filter
	 * @param count how many messages to wait for
	 * @param timeoutSeconds the longest time to run
	 * @param format the output format
	 * @return the running subscriber
	 */
	public static Subscriber subscribe(int port, String topicFilter, int count, int timeoutSeconds, String format) {
		return new Subscriber(start(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V",
				"mqttv5", "-F", format, "-t", topicFilter, "-C", String.valueOf(count), "-W",
				String.valueOf(timeoutSeconds))), timeoutSeconds);
	}

	private static Process start(List<String> command) {
		MosquittoBroker.requireMosquitto();
		try {
			return new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command.get(0)
					+ " (Debian package 'mosquitto-clients')", ex);
		}
	}

	private static String awaitOutput(Process process, int timeoutSeconds) {
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(process.info().command().orElse("process") + " did not finish within "
						+ timeoutSeconds + "s");
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A running {@code mosquitto_sub}.
	 */
	public static final class Subscriber {

		private final Process process;

		private final int timeoutSeconds;

		Subscriber(Process process, int timeoutSeconds) {
			this.process = process;
			this.timeoutSeconds = timeoutSeconds;
		}

		/**
		 * Wait for the subscriber to finish and return the lines it printed.
		 * @return {@code topic payload} lines
		 */
		public List<String> awaitLines() {
			// mosquitto_sub prints "Timed out" when -W ends it before -C messages arrived
			return awaitOutput(this.process, this.timeoutSeconds + 5).lines()
				.filter((line) -> !line.equals("Timed out"))
				.toList();
		}

	}

}
