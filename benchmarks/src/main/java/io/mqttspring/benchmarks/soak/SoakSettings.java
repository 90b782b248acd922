package io.mqttspring.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line settings of the soak run's JVMs: {@code --broker=tcp://127.0.0.1:1883}
 * (required), {@code --dir=<directory>} (required: where the JVMs leave their records),
 * {@code --count=1000000} (messages published), {@code --rate=5000} (messages per second),
 * {@code --topics=4}, {@code --payload-size=64} (bytes), {@code --sample-interval=5}
 * (seconds between samples of heap and threads), {@code --idle-timeout=60} (seconds
 * without an arrival after which the receiver stops waiting for missing messages).
 *
 * @param broker the broker's URI
 * @param dir where the records go
 * @param count how many messages the publisher publishes
 * @param rate messages per second the publisher aims at; it catches up after a stall
 * @param topics how many topics the messages are spread over, round-robin
 * @param payloadSize bytes per payload, at least {@link SoakPayload#MIN_SIZE}
 * @param sampleInterval time between two samples of heap and threads
 * @param idleTimeout how long the receiver waits for missing messages without progress
 */
public record SoakSettings(String broker, Path dir, int count, int rate, int topics, int payloadSize,
		Duration sampleInterval, Duration idleTimeout) {

	public static SoakSettings parse(String... args) {
		String broker = null;
		Path dir = null;
		int count = 1_000_000;
		int rate = 5_000;
		int topics = 4;
		int payloadSize = 64;
		long sampleSeconds = 5;
		long idleSeconds = 60;
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Expected --name=value but got '" + arg + "'");
			}
			String value = arg.substring(equals + 1);
			switch (arg.substring(2, equals)) {
				case "broker" -> broker = value;
				case "dir" -> dir = Path.of(value);
				case "count" -> count = Integer.parseInt(value);
				case "rate" -> rate = Integer.parseInt(value);
				case "topics" -> topics = Integer.parseInt(value);
				case "payload-size" -> payloadSize = Integer.parseInt(value);
				case "sample-interval" -> sampleSeconds = Long.parseLong(value);
				case "idle-timeout" -> idleSeconds = Long.parseLong(value);
				default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
			}
		}
		if (broker == null || dir == null) {
			throw new IllegalArgumentException("--broker=tcp://host:port and --dir=<directory> are required");
		}
		if (count < 1 || rate < 1 || topics < 1 || payloadSize < SoakPayload.MIN_SIZE || sampleSeconds < 1
				|| idleSeconds < 1) {
			throw new IllegalArgumentException("count, rate, topics, sample-interval and idle-timeout must be at "
					+ "least 1, payload-size at least " + SoakPayload.MIN_SIZE);
		}
		return new SoakSettings(broker, dir, count, rate, topics, payloadSize, Duration.ofSeconds(sampleSeconds),
				Duration.ofSeconds(idleSeconds));
	}

	/**
	 * The topic of a topic index.
	 * @param index 0 to {@code topics - 1}
	 * @return the topic
	 */
	public static String topic(int index) {
		return "soak/" + index;
	}

	/**
	 * How many messages go to a topic: the publisher sends message {@code i} to topic
	 * {@code i % topics} with sequence {@code i / topics}.
	 * @param index the topic index
	 * @return the topic's count
	 */
	public int messagesOf(int index) {
		return this.count / this.topics + ((index < this.count % this.topics) ? 1 : 0);
	}

}
