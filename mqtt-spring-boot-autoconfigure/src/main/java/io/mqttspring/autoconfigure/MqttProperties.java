package io.mqttspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for MQTT: the default connection ({@code mqtt.*}, named
 * {@code default}), named connections ({@code mqtt.connections.<name>.*}), and the
 * template, listener and embedded broker settings they share.
 */
@ConfigurationProperties("mqtt")
public class MqttProperties extends MqttConnectionProperties {

	/**
	 * More connections, by name, each with the connection settings of "mqtt.*" (server
	 * URIs required); beans and listeners select one with @Qualifier("name") and
	 * @MqttListener(connection = "name").
	 */
	private final Map<String, NamedConnection> connections = new LinkedHashMap<>();

	private final Template template = new Template();

	private final Listener listener = new Listener();

	private final Embedded embedded = new Embedded();

	public Map<String, NamedConnection> getConnections() {
		return this.connections;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	public static class Template {

		/**
		 * QoS of messages published without an explicit QoS.
		 */
		private int defaultQos = 1;

		/**
		 * Whether messages published without an explicit retained flag are retained.
		 */
		private boolean defaultRetained;

		/**
		 * Maximum time from a publish call until the broker acknowledged the message (QoS 1
		 * and 2) or it was written (QoS 0), including the time it waited in the outbound
		 * buffer for the connection or an in-flight slot.
		 */
		private Duration publishTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum time a publish call waits for room when the outbound buffer is full,
		 * before the publish fails; 0 fails at once. Publishes made on a thread that
		 * receives for the same connection never wait.
		 */
		private Duration maxBlock = Duration.ofSeconds(10);

		/**
		 * Maximum number of publishes awaiting the broker's acknowledgement at once; further
		 * publishes wait for a slot. The broker's Receive Maximum lowers it when smaller.
		 */
		private int maxInFlight = 1000;

		/**
		 * Whether publishes are observed: the mqtt.publish timer, a span per publish and the
		 * trace context sent along in MQTT 5 user properties.
		 */
		private boolean observationEnabled = true;

		/**
		 * First levels of the response topic of requests; the client id follows.
		 */
		private String replyTopicPrefix = "replies";

		/**
		 * Maximum number of messages a subscription made with MqttTemplate.subscribe holds
		 * until they are taken; they are acknowledged when taken, so the broker's in-flight
		 * window for the connection (Mosquitto: 20) usually bounds the queue first. Beyond
		 * it, QoS 1 and 2 messages are left unacknowledged with the broker (sent again after
		 * a reconnect with a persistent session) and QoS 0 messages dropped.
		 */
		private int receiveQueueCapacity = 1000;

		private final Buffer buffer = new Buffer();

		public int getReceiveQueueCapacity() {
			return this.receiveQueueCapacity;
		}

		public void setReceiveQueueCapacity(int receiveQueueCapacity) {
			this.receiveQueueCapacity = receiveQueueCapacity;
		}

		public String getReplyTopicPrefix() {
			return this.replyTopicPrefix;
		}

		public void setReplyTopicPrefix(String replyTopicPrefix) {
			this.replyTopicPrefix = replyTopicPrefix;
		}

		public Buffer getBuffer() {
			return this.buffer;
		}

		public Duration getMaxBlock() {
			return this.maxBlock;
		}

		public void setMaxBlock(Duration maxBlock) {
			this.maxBlock = maxBlock;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public int getDefaultQos() {
			return this.defaultQos;
		}

		public void setDefaultQos(int defaultQos) {
			this.defaultQos = defaultQos;
		}

		public boolean isDefaultRetained() {
			return this.defaultRetained;
		}

		public void setDefaultRetained(boolean defaultRetained) {
			this.defaultRetained = defaultRetained;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public Duration getPublishTimeout() {
			return this.publishTimeout;
		}

		public void setPublishTimeout(Duration publishTimeout) {
			this.publishTimeout = publishTimeout;
		}

	}

	public static class Buffer {

		/**
		 * Maximum number of publishes the outbound buffer holds: those waiting for the
		 * connection (while connecting or reconnecting), for an in-flight slot, or to be
		 * sent again after a connection loss. When it is full, publish calls wait for room
		 * for up to max-block.
		 */
		private int maxMessages = 10_000;

		/**
		 * Maximum number of payload and topic bytes the outbound buffer holds.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(16);

		public int getMaxMessages() {
			return this.maxMessages;
		}

		public void setMaxMessages(int maxMessages) {
			this.maxMessages = maxMessages;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

	public static class Listener {

		/**
		 * Whether listeners subscribe when the application starts; a listener's own
		 * autoStartup attribute takes precedence.
		 */
		private boolean autoStartup = true;

		/**
		 * How many received messages each listener thread queues before the MQTT client's
		 * callback thread waits for room.
		 */
		private int queueCapacity = 1000;

		/**
		 * How long stopping a listener waits for the messages it is processing.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Whether listener invocations are observed: the mqtt.listener timer, a span per
		 * message continuing the publisher's trace from MQTT 5 user properties.
		 */
		private boolean observationEnabled = true;

		private final Retry retry = new Retry();

		private final DeadLetter deadLetter = new DeadLetter();

		public Retry getRetry() {
			return this.retry;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

	}

	public static class Retry {

		/**
		 * Whether listeners try a failed invocation again, with the back-off below, before
		 * the failure goes to the error handler, the dead-letter topic or the error channel; a
		 * listener's retry attribute takes precedence. Conversion and validation failures are
		 * not retried. The message stays unacknowledged until it is settled.
		 */
		private boolean enabled;

		/**
		 * Number of attempts per message, the first included.
		 */
		private int maxAttempts = 3;

		/**
		 * Back-off before the second attempt.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor by which each further back-off grows.
		 */
		private double multiplier = 2;

		/**
		 * Longest back-off between two attempts.
		 */
		private Duration maxInterval = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	public static class DeadLetter {

		/**
		 * Whether a message that a listener could not process (retries used up, no error
		 * handler or one that rethrew) is published on the listener's connection to the
		 * dead-letter topic, with the original payload and, on MQTT 5, user properties
		 * saying why; the original is acknowledged once the broker acknowledged the dead
		 * letter. An MqttDeadLetterTopicResolver bean replaces the topic prefix.
		 */
		private boolean enabled;

		/**
		 * Prefix of the dead-letter topics: a dead letter goes to the prefix followed by the
		 * original topic.
		 */
		private String topicPrefix = "dead-letter/";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTopicPrefix() {
			return this.topicPrefix;
		}

		public void setTopicPrefix(String topicPrefix) {
			this.topicPrefix = topicPrefix;
		}

	}

	public static class Embedded {

		/**
		 * Whether to start an embedded HiveMQ CE broker. Defaults to true when HiveMQ CE
		 * embedded is on the class path and mqtt.server-uris is not set.
		 */
		private Boolean enabled;

		/**
		 * Port of the embedded broker on the loopback interface; 0 picks a free port.
		 */
		private int port = 1883;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * A named connection: the connection settings of "mqtt.*", with no server URI unless
	 * given.
	 */
	public static class NamedConnection extends MqttConnectionProperties {

		public NamedConnection() {
			setServerUris(new java.util.ArrayList<>());
		}

	}

}
