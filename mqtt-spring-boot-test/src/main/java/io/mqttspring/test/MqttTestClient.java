package io.mqttspring.test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * A plain MQTT client for the other side of the wire in tests: it publishes what an
 * application under test should receive, and waits for what the application should
 * publish. Every call returns once the broker confirmed it (or fails); waiting for messages
 * is bounded by the given time-out and fails the test with an {@link AssertionError} that
 * lists what did arrive. No method throws a checked exception.
 * <pre class="code">
 * try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
 *     client.subscribe("orders/+/confirmed");
 *     client.publish("orders/42/placed", "{\"id\":42}", 1, false);
 *     ReceivedMessage confirmation = client.awaitMessage("orders/+/confirmed", Duration.ofSeconds(5));
 *     assertThat(confirmation.payloadAsString()).contains("42");
 * }
 * </pre>
 * The client subscribes at QoS 2, so a message arrives with the QoS it was published with.
 * Each message is returned once: {@code awaitMessage} and {@code awaitMessages} take the
 * oldest messages that match the filter and were not returned yet. Messages are kept from
 * the time of the subscription, so subscribing before the application publishes avoids a
 * race; the {@code await} and {@code expectNoMessage} methods subscribe themselves to a
 * filter that no subscription covers yet, which is enough for retained messages.
 */
public final class MqttTestClient implements AutoCloseable {

	private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);

	private static final int LISTED_MESSAGES = 50;

	private final Object monitor = new Object();

	private final List<ReceivedMessage> received = new ArrayList<>();

	private final List<ReceivedMessage> unclaimed = new ArrayList<>();

	private final Set<String> subscriptions = new LinkedHashSet<>();

	private final MqttTestConnection connection;

	private volatile String connectionLost;

	private boolean closed;

	private MqttTestClient(String serverUri, MqttVersion version) {
		String clientId = "mqtt-test-client-" + UUID.randomUUID().toString().substring(0, 8);
		this.connection = (version == MqttVersion.MQTT_5)
				? new Mqttv5TestConnection(serverUri, clientId, OPERATION_TIMEOUT, this::messageArrived,
						this::connectionLost)
				: new Mqttv3TestConnection(serverUri, clientId, OPERATION_TIMEOUT, this::messageArrived,
						this::connectionLost);
	}

	/**
	 * Connect to a broker with MQTT 5, with a clean session.
	 * @param serverUri the broker, for example {@code tcp://127.0.0.1:1883}
	 * @return the connected client
	 * @throws IllegalStateException if the client could not connect
	 */
	public static MqttTestClient connect(String serverUri) {
		return connect(serverUri, MqttVersion.MQTT_5);
	}

	/**
	 * Connect to a broker with the given protocol version, with a clean session.
	 * @param serverUri the broker, for example {@code tcp://127.0.0.1:1883}
	 * @param version the protocol version
	 * @return the connected client
	 * @throws IllegalStateException if the client could not connect
	 */
	public static MqttTestClient connect(String serverUri, MqttVersion version) {
		Objects.requireNonNull(serverUri, "serverUri must not be null");
		Objects.requireNonNull(version, "version must not be null");
		return new MqttTestClient(serverUri, version);
	}

	/**
	 * Publish a UTF-8 text and wait until the broker acknowledged it (QoS 1 and 2) or it was
	 * sent (QoS 0).
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS, 0 to 2
	 * @param retained whether the broker retains the message
	 * @throws IllegalStateException if the broker refused the message or did not
	 * acknowledge it in time
	 */
	public void publish(String topic, String payload, int qos, boolean retained) {
		publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
	}

	/**
	 * Publish bytes and wait until the broker acknowledged them (QoS 1 and 2) or they were
	 * sent (QoS 0).
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos the QoS, 0 to 2
	 * @param retained whether the broker retains the message
	 * @throws IllegalStateException if the broker refused the message or did not
	 * acknowledge it in time
	 */
	public void publish(String topic, byte[] payload, int qos, boolean retained) {
		this.connection.publish(topic, payload, qos, retained);
	}

	/**
	 * Subscribe to a topic filter at QoS 2 and wait until the broker confirmed it; a filter
	 * subscribed already is left as it is.
	 * @param topicFilter the filter, with {@code +} and {@code #} wildcards, or a shared
	 * subscription {@code $share/<group>/<filter>}
	 * @throws IllegalStateException if the broker refused the subscription or did not
	 * confirm it in time
	 */
	public void subscribe(String topicFilter) {
		synchronized (this.monitor) {
			if (this.subscriptions.contains(topicFilter)) {
				return;
			}
		}
		this.connection.subscribe(topicFilter);
		synchronized (this.monitor) {
			this.subscriptions.add(topicFilter);
		}
	}

	/**
	 * Wait for a message on a topic matching the filter, subscribing to the filter first if
	 * needed.
	 * @param topicFilter the filter
	 * @param timeout how long to wait
	 * @return the oldest matching message not returned before
	 * @throws AssertionError if none arrived in time, listing the messages that did arrive
	 */
	public ReceivedMessage awaitMessage(String topicFilter, Duration timeout) {
		return awaitMessages(topicFilter, 1, timeout).get(0);
	}

	/**
	 * Wait for a number of messages on topics matching the filter, subscribing to the
	 * filter first if needed.
	 * @param topicFilter the filter
	 * @param count how many messages
	 * @param timeout how long to wait for all of them
	 * @return the oldest {@code count} matching messages not returned before, in the order
	 * they arrived
	 * @throws AssertionError if fewer arrived in time, listing the messages that did arrive
	 */
	public List<ReceivedMessage> awaitMessages(String topicFilter, int count, Duration timeout) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		subscribeUnlessCovered(topicFilter);
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			List<ReceivedMessage> matching = unclaimed(topicFilter);
			while (matching.size() < count) {
				if (!waitUntil(deadline)) {
					String expected = (count == 1) ? "a message" : count + " messages";
					throw new AssertionError("Expected " + expected + " on a topic matching '" + topicFilter
							+ "' within " + describe(timeout) + ", but " + describeCount(matching.size())
							+ ". " + describeReceived());
				}
				matching = unclaimed(topicFilter);
			}
			List<ReceivedMessage> claimed = List.copyOf(matching.subList(0, count));
			claimed.forEach((message) -> removeIdentical(this.unclaimed, message));
			return claimed;
		}
	}

	/**
	 * Check that no message on a topic matching the filter arrives within the given time,
	 * subscribing to the filter first if needed. A matching message that arrived earlier
	 * and was not returned by an {@code await} method counts too.
	 * @param topicFilter the filter
	 * @param within how long to wait
	 * @throws AssertionError if a matching message arrived, listing it
	 */
	public void expectNoMessage(String topicFilter, Duration within) {
		subscribeUnlessCovered(topicFilter);
		long deadline = System.nanoTime() + within.toNanos();
		synchronized (this.monitor) {
			do {
				List<ReceivedMessage> matching = unclaimed(topicFilter);
				if (!matching.isEmpty()) {
					throw new AssertionError("Expected no message on a topic matching '" + topicFilter + "' within "
							+ describe(within) + ", but " + describeCount(matching.size()) + ":"
							+ list(matching));
				}
			}
			while (waitUntil(deadline));
		}
	}

	/**
	 * Remove the retained message of a topic: publishes an empty retained message at QoS 1.
	 * @param topic the topic
	 */
	public void clearRetained(String topic) {
		publish(topic, new byte[0], 1, true);
	}

	/**
	 * Disconnect from the broker. Calling it again has no effect.
	 */
	@Override
	public void close() {
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.connection.close();
	}

	// A second subscription that overlaps one made already would make some brokers (Mosquitto)
	// deliver each message twice
	private void subscribeUnlessCovered(String topicFilter) {
		synchronized (this.monitor) {
			if (this.subscriptions.stream().anyMatch((subscribed) -> covers(subscribed, topicFilter))) {
				return;
			}
		}
		subscribe(topicFilter);
	}

	// Whether every topic that matches the narrower filter matches the filter too
	static boolean covers(String filter, String narrower) {
		if (filter.equals(narrower)) {
			return true;
		}
		if (filter.startsWith("$share/") || narrower.startsWith("$share/")) {
			return false;
		}
		String[] levels = filter.split("/", -1);
		String[] narrowerLevels = narrower.split("/", -1);
		if (narrower.startsWith("$") && (levels[0].equals("+") || levels[0].equals("#"))) {
			return false;
		}
		for (int i = 0; i < levels.length; i++) {
			if (levels[i].equals("#")) {
				return true;
			}
			if (i >= narrowerLevels.length || narrowerLevels[i].equals("#")
					|| (!levels[i].equals("+") && !levels[i].equals(narrowerLevels[i]))) {
				return false;
			}
		}
		return levels.length == narrowerLevels.length;
	}

	private void messageArrived(ReceivedMessage message) {
		synchronized (this.monitor) {
			this.received.add(message);
			this.unclaimed.add(message);
			this.monitor.notifyAll();
		}
	}

	private void connectionLost(String reason) {
		this.connectionLost = reason;
	}

	private List<ReceivedMessage> unclaimed(String topicFilter) {
		String filter = withoutSharePrefix(topicFilter);
		return this.unclaimed.stream()
			.filter((message) -> MqttTopicValidator.isMatched(filter, message.topic()))
			.toList();
	}

	private static String withoutSharePrefix(String topicFilter) {
		if (topicFilter.startsWith("$share/")) {
			int end = topicFilter.indexOf('/', "$share/".length());
			return (end > 0) ? topicFilter.substring(end + 1) : topicFilter;
		}
		return topicFilter;
	}

	private static void removeIdentical(List<ReceivedMessage> messages, ReceivedMessage message) {
		for (Iterator<ReceivedMessage> iterator = messages.iterator(); iterator.hasNext();) {
			if (iterator.next() == message) {
				iterator.remove();
				return;
			}
		}
	}

	// Called holding the monitor; false once the deadline has passed
	private boolean waitUntil(long deadline) {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			return false;
		}
		try {
			TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for MQTT messages", ex);
		}
	}

	private String describeReceived() {
		StringBuilder description = new StringBuilder("Subscribed to ").append(this.subscriptions);
		String lost = this.connectionLost;
		if (lost != null) {
			description.append("; the connection to the broker was lost: ").append(lost);
		}
		if (this.received.isEmpty()) {
			return description.append("; no message arrived at all").toString();
		}
		description.append("; all messages that arrived (").append(this.received.size()).append("):");
		return description.append(list(this.received)).toString();
	}

	private static String list(List<ReceivedMessage> messages) {
		StringBuilder list = new StringBuilder();
		int from = Math.max(0, messages.size() - LISTED_MESSAGES);
		if (from > 0) {
			list.append(System.lineSeparator()).append("  ... ").append(from).append(" earlier ones");
		}
		for (ReceivedMessage message : messages.subList(from, messages.size())) {
			list.append(System.lineSeparator()).append("  ").append(message);
		}
		return list.toString();
	}

	private static String describeCount(int count) {
		return switch (count) {
			case 0 -> "none arrived";
			case 1 -> "1 arrived";
			default -> count + " arrived";
		};
	}

	private static String describe(Duration duration) {
		return duration.toMillis() + " ms";
	}

	/**
	 * The MQTT protocol version a client speaks.
	 */
	public enum MqttVersion {

		/** MQTT 5.0, with the Eclipse Paho MQTTv5 client. */
		MQTT_5,

		/** MQTT 3.1.1, with the Eclipse Paho MQTTv3 client. */
		MQTT_3_1_1

	}

	/**
	 * A message the client received.
	 */
	public static final class ReceivedMessage {

		private static final int SHOWN_PAYLOAD = 200;

		private final String topic;

		private final byte[] payload;

		private final int qos;

		private final boolean retained;

		private final Map<String, String> userProperties;

		ReceivedMessage(String topic, byte[] payload, int qos, boolean retained, Map<String, String> userProperties) {
			this.topic = topic;
			this.payload = payload;
			this.qos = qos;
			this.retained = retained;
			this.userProperties = Map.copyOf(userProperties);
		}

		/**
		 * The topic the message was published to.
		 * @return the topic
		 */
		public String topic() {
			return this.topic;
		}

		/**
		 * The payload.
		 * @return a copy of the payload
		 */
		public byte[] payload() {
			return this.payload.clone();
		}

		/**
		 * The payload as UTF-8 text.
		 * @return the text
		 */
		public String payloadAsString() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		/**
		 * The QoS the message was delivered with: the one it was published with, as the
		 * client subscribes at QoS 2.
		 * @return 0, 1 or 2
		 */
		public int qos() {
			return this.qos;
		}

		/**
		 * Whether the broker sent the message as a retained one, which it does for the
		 * retained message of a topic when the subscription is made.
		 * @return the retain flag
		 */
		public boolean retained() {
			return this.retained;
		}

		/**
		 * The MQTT 5 user properties; with a name given more than once, its last value.
		 * Always empty for MQTT 3.1.1.
		 * @return the user properties
		 */
		public Map<String, String> userProperties() {
			return this.userProperties;
		}

		@Override
		public String toString() {
			StringBuilder description = new StringBuilder(this.topic).append(" (qos ").append(this.qos);
			if (this.retained) {
				description.append(", retained");
			}
			if (!this.userProperties.isEmpty()) {
				description.append(", user properties ").append(this.userProperties);
			}
			return description.append("): ").append(describePayload()).toString();
		}

		private String describePayload() {
			try {
				String text = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(this.payload))
					.toString();
				return (text.length() > SHOWN_PAYLOAD) ? "\"" + text.substring(0, SHOWN_PAYLOAD) + "\"..."
						: "\"" + text + "\"";
			}
			catch (CharacterCodingException ex) {
				byte[] shown = Arrays.copyOf(this.payload, Math.min(this.payload.length, SHOWN_PAYLOAD / 2));
				return this.payload.length + " bytes, not UTF-8: " + HexFormat.of().formatHex(shown)
						+ ((shown.length < this.payload.length) ? "..." : "");
			}
		}

	}

}
