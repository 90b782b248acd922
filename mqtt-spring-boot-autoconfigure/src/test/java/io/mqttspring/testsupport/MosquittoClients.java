package io.mqttspring.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code mosquitto_pub} and {@code mosquitto_sub} commands against a
 * {@link MosquittoBroker} or any broker on the loopback interface, as an outside client.
 * They speak MQTT 5 unless told otherwise: brokers such as NATS and RabbitMQ refuse it,
 * and take {@link MqttProtocol#MQTT_3_1_1}.
 */
public final class MosquittoClients {

	// What -d prints about the packets, beside the messages in the -F format
	private static final Pattern DEBUG_LINE = Pattern.compile("Client \\S+ (sending|received) [A-Z]+.*");

	private static final Pattern SUBACK_LINE = Pattern.compile("Subscribed \\(mid: \\d+\\): (.*)");

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
		publish(port, MqttProtocol.MQTT_5, topic, payload, qos);
	}

	/**
	 * Publish one message with {@code mosquitto_pub} and wait for it to finish.
	 * @param port the broker port
	 * @param protocol the protocol version
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS
	 */
	public static void publish(int port, MqttProtocol protocol, String topic, String payload, int qos) {
		succeeded(attemptPublish(port, protocol, topic, payload, qos));
	}

	/**
	 * Publish one retained message with {@code mosquitto_pub} and wait for it to finish.
	 * @param port the broker port
	 * @param protocol the protocol version
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS
	 */
	public static void publishRetained(int port, MqttProtocol protocol, String topic, String payload, int qos) {
		succeeded(runPublish(port, protocol, topic, payload, qos, List.of("-r")));
	}

	/**
	 * Publish one message with {@code mosquitto_pub} and report how that went instead of
	 * failing, for a test that expects the broker to refuse it. The output includes the
	 * packets sent and received ({@code -d}).
	 * @param port the broker port
	 * @param protocol the protocol version
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS
	 * @return the exit code and output
	 */
	public static Run attemptPublish(int port, MqttProtocol protocol, String topic, String payload, int qos) {
		return runPublish(port, protocol, topic, payload, qos, List.of());
	}

	private static Run runPublish(int port, MqttProtocol protocol, String topic, String payload, int qos,
			List<String> options) {
		List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-d", "-h", "127.0.0.1", "-p",
				String.valueOf(port), "-V", protocol.mosquittoName(), "-q", String.valueOf(qos), "-t", topic, "-m",
				payload));
		command.addAll(options);
		Process process = start(command);
		String output = awaitOutput(process, 10);
		return new Run(process.exitValue(), output);
	}

	private static void succeeded(Run run) {
		if (run.exitCode() != 0) {
			throw new AssertionError("mosquitto_pub failed with exit code " + run.exitCode() + ": " + run.output());
		}
	}

	/**
	 * Start {@code mosquitto_sub} (MQTT 5, QoS 0) printing {@code topic payload} lines,
	 * until it has seen the given number of messages or the time-out passed.
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
	 * Start {@code mosquitto_sub} (MQTT 5, QoS 0) printing each message in a {@code -F}
	 * format, such as {@code "%t|%p|%C|%P"} for topic, payload, content type and user
	 * properties.
	 * @param port the broker port
	 * @param topicFilter the topic filter
	 * @param count how many messages to wait for
	 * @param timeoutSeconds the longest time to run
	 * @param format the output format
	 * @return the running subscriber
	 */
	public static Subscriber subscribe(int port, String topicFilter, int count, int timeoutSeconds, String format) {
		return subscribe(port, MqttProtocol.MQTT_5, topicFilter, 0, count, timeoutSeconds, format);
	}

	/**
	 * Start {@code mosquitto_sub} printing {@code topic payload} lines, until it has seen
	 * the given number of messages or the time-out passed.
	 * @param port the broker port
	 * @param protocol the protocol version
	 * @param topicFilter the topic filter
	 * @param qos the QoS to subscribe with
	 * @param count how many messages to wait for
	 * @param timeoutSeconds the longest time to run
	 * @return the running subscriber
	 */
	public static Subscriber subscribe(int port, MqttProtocol protocol, String topicFilter, int qos, int count,
			int timeoutSeconds) {
		return subscribe(port, protocol, topicFilter, qos, count, timeoutSeconds, "%t %p");
	}

	/**
	 * Start {@code mosquitto_sub} printing each message in a {@code -F} format, such as
	 * {@code "%t %p q%q r%r"} for topic, payload, QoS and retain flag, until it has seen
	 * the given number of messages or the time-out passed.
	 * @param port the broker port
	 * @param protocol the protocol version
	 * @param topicFilter the topic filter
	 * @param qos the QoS to subscribe with
	 * @param count how many messages to wait for
	 * @param timeoutSeconds the longest time to run
	 * @param format the output format
	 * @return the running subscriber
	 */
	public static Subscriber subscribe(int port, MqttProtocol protocol, String topicFilter, int qos, int count,
			int timeoutSeconds, String format) {
		// -d and line-buffered output: the SUBACK shows in the output when it arrives, for
		// awaitSubscribed()
		return new Subscriber(start(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", String.valueOf(port),
				"-V", protocol.mosquittoName(), "-q", String.valueOf(qos), "-F", format, "-t", topicFilter, "-C",
				String.valueOf(count), "-W", String.valueOf(timeoutSeconds))), timeoutSeconds);
	}

	private static Process start(List<String> command) {
		MosquittoBroker.requireMosquitto();
		try {
			return new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + String.join(" ", command)
					+ " (Debian packages 'mosquitto-clients' and 'coreutils')", ex);
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
	 * How a {@code mosquitto_pub} run ended.
	 *
	 * @param exitCode its exit code: 0 when the message was sent (and acknowledged at QoS 1
	 * and 2)
	 * @param output what it printed, with the packets it sent and received
	 */
	public record Run(int exitCode, String output) {

	}

	/**
	 * A running {@code mosquitto_sub}. Its output is read as it comes, so that a test can
	 * wait for the broker's SUBACK before it publishes.
	 */
	public static final class Subscriber {

		private final Process process;

		private final int timeoutSeconds;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final CompletableFuture<List<Integer>> grantedQos = new CompletableFuture<>();

		private final Thread reader;

		Subscriber(Process process, int timeoutSeconds) {
			this.process = process;
			this.timeoutSeconds = timeoutSeconds;
			this.reader = new Thread(this::read, "mosquitto_sub-" + process.pid());
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			try (BufferedReader output = this.process.inputReader(StandardCharsets.UTF_8)) {
				String line;
				while ((line = output.readLine()) != null) {
					this.lines.add(line);
					Matcher suback = SUBACK_LINE.matcher(line);
					if (suback.matches()) {
						this.grantedQos.complete(
								Arrays.stream(suback.group(1).split(", ")).map(Integer::valueOf).toList());
					}
				}
			}
			catch (IOException ex) {
				// The process was destroyed: what it printed so far is all there is
			}
			this.grantedQos.completeExceptionally(
					new AssertionError("mosquitto_sub ended without a SUBACK:\n" + String.join("\n", this.lines)));
		}

		/**
		 * Wait until the broker acknowledged the subscription, so that what is published
		 * from now on reaches the subscriber.
		 * @return the QoS the broker granted per topic filter (128 for a refused one)
		 */
		public List<Integer> awaitSubscribed() {
			try {
				return this.grantedQos.get(this.timeoutSeconds + 5, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw (AssertionError) ex.getCause();
			}
			catch (TimeoutException ex) {
				throw new AssertionError("No SUBACK within " + (this.timeoutSeconds + 5) + "s:\n"
						+ String.join("\n", this.lines));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Wait for the subscriber to finish and return the messages it printed.
		 * @return {@code topic payload} lines, or lines in the requested format
		 */
		public List<String> awaitLines() {
			try {
				if (!this.process.waitFor(this.timeoutSeconds + 5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
					throw new AssertionError("mosquitto_sub did not finish within " + (this.timeoutSeconds + 5)
							+ "s:\n" + String.join("\n", this.lines));
				}
				this.reader.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			// mosquitto_sub prints "Timed out" when -W ends it before -C messages arrived
			return this.lines.stream()
				.filter((line) -> !line.equals("Timed out") && !DEBUG_LINE.matcher(line).matches()
						&& !SUBACK_LINE.matcher(line).matches())
				.toList();
		}

	}

}
