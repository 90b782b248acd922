package io.mqttspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one MQTT connection: the top-level {@code mqtt.*} ones of the default
 * connection, and those of each named connection under {@code mqtt.connections.<name>.*}.
 */
public class MqttConnectionProperties {

	/**
	 * Broker URIs to connect to, tried in order ("tcp", "ssl", "ws" or "wss").
	 */
	private List<String> serverUris = new ArrayList<>(List.of("tcp://localhost:1883"));

	/**
	 * Client identifier. Defaults to the application name followed by a random suffix.
	 */
	private String clientId;

	/**
	 * MQTT protocol version to speak: "5", "3.1.1" or "3.1". Brokers that do not speak
	 * MQTT 5 (NATS, RabbitMQ before 3.13, Azure IoT Hub) need "3.1.1".
	 */
	private String protocolVersion = "5";

	/**
	 * MQTT client library underneath: "paho" (Eclipse Paho, in the starter) or "hivemq"
	 * (the HiveMQ MQTT client, com.hivemq:hivemq-mqtt-client, to add; MQTT 5 and 3.1.1).
	 */
	private String transport = "paho";

	/**
	 * Login user of the broker.
	 */
	private String username;

	/**
	 * Login password of the broker. Never logged; masked by the actuator endpoints.
	 */
	private String password;

	/**
	 * HTTP headers sent with the WebSocket upgrade request of "ws" and "wss" server URIs,
	 * for example a token that a gateway in front of the broker expects.
	 */
	private Map<String, String> websocketHeaders = new LinkedHashMap<>();

	/**
	 * Whether to start a new session on connect, discarding any session the broker kept.
	 */
	private boolean cleanStart = true;

	/**
	 * How long the broker keeps the session after the connection closes. Must be positive
	 * when clean-start is false.
	 */
	private Duration sessionExpiry = Duration.ZERO;

	/**
	 * Maximum time between control packets; the broker drops a silent client after 1.5
	 * times this interval.
	 */
	private Duration keepAlive = Duration.ofSeconds(60);

	/**
	 * How many QoS 1 and 2 messages the broker may send before the application has
	 * acknowledged them (MQTT 5 Receive Maximum, 1 to 65535). It bounds what a slow
	 * consumer holds in memory. MQTT 3.1.1 has no such setting: the broker's own limit
	 * applies. The Paho transport announces it; the HiveMQ transport announces 65535,
	 * because its client drops the connection when a broker sends beyond the limit.
	 */
	private int receiveMaximum = 100;

	/**
	 * Maximum time to wait for a connection to be established.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(30);

	/**
	 * Whether application start-up fails when the first connection attempt fails, instead
	 * of connecting in the background.
	 */
	private boolean failFast;

	private final Ssl ssl = new Ssl();

	private final Reconnect reconnect = new Reconnect();

	private final Will will = new Will();

	public List<String> getServerUris() {
		return this.serverUris;
	}

	public void setServerUris(List<String> serverUris) {
		this.serverUris = serverUris;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getProtocolVersion() {
		return this.protocolVersion;
	}

	public void setProtocolVersion(String protocolVersion) {
		this.protocolVersion = protocolVersion;
	}

	public String getTransport() {
		return this.transport;
	}

	public void setTransport(String transport) {
		this.transport = transport;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public Map<String, String> getWebsocketHeaders() {
		return this.websocketHeaders;
	}

	public void setWebsocketHeaders(Map<String, String> websocketHeaders) {
		this.websocketHeaders = websocketHeaders;
	}

	public boolean isCleanStart() {
		return this.cleanStart;
	}

	public void setCleanStart(boolean cleanStart) {
		this.cleanStart = cleanStart;
	}

	public Duration getSessionExpiry() {
		return this.sessionExpiry;
	}

	public void setSessionExpiry(Duration sessionExpiry) {
		this.sessionExpiry = sessionExpiry;
	}

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public int getReceiveMaximum() {
		return this.receiveMaximum;
	}

	public void setReceiveMaximum(int receiveMaximum) {
		this.receiveMaximum = receiveMaximum;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Will getWill() {
		return this.will;
	}

	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) that supplies the trust
		 * material for "ssl" and "wss" server URIs, and the client certificate for mutual
		 * TLS. Without a bundle the JVM's default trust store is used.
		 */
		private String bundle;

		/**
		 * Whether to check that the broker's certificate was issued for the host name of the
		 * server URI. Turning it off allows man-in-the-middle attacks.
		 */
		private boolean verifyHostname = true;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public boolean isVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

	}

	public static class Reconnect {

		/**
		 * Delay before the first retry of a failed or lost connection; it doubles, with
		 * jitter, on each further failure.
		 */
		private Duration minDelay = Duration.ofSeconds(1);

		/**
		 * Longest delay between two connection attempts.
		 */
		private Duration maxDelay = Duration.ofMinutes(2);

		public Duration getMinDelay() {
			return this.minDelay;
		}

		public void setMinDelay(Duration minDelay) {
			this.minDelay = minDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

	}

	public static class Will {

		/**
		 * Topic of the last will, published by the broker when the connection ends without
		 * a clean disconnect. No will is set without a topic.
		 */
		private String topic;

		/**
		 * Payload of the last will, as UTF-8 text.
		 */
		private String payload = "";

		/**
		 * QoS of the last will.
		 */
		private int qos = 1;

		/**
		 * Whether the broker retains the last will.
		 */
		private boolean retained;

		/**
		 * How long the broker waits after the connection ended before publishing the will;
		 * a reconnect within this time cancels it.
		 */
		private Duration delay = Duration.ZERO;

		/**
		 * How long the will message stays valid for subscribers that receive it later.
		 */
		private Duration messageExpiry;

		/**
		 * Content type of the will payload, such as "application/json".
		 */
		private String contentType;

		/**
		 * MQTT 5 user properties of the will message.
		 */
		private Map<String, String> userProperties = new LinkedHashMap<>();

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public String getPayload() {
			return this.payload;
		}

		public void setPayload(String payload) {
			this.payload = payload;
		}

		public int getQos() {
			return this.qos;
		}

		public void setQos(int qos) {
			this.qos = qos;
		}

		public boolean isRetained() {
			return this.retained;
		}

		public void setRetained(boolean retained) {
			this.retained = retained;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getMessageExpiry() {
			return this.messageExpiry;
		}

		public void setMessageExpiry(Duration messageExpiry) {
			this.messageExpiry = messageExpiry;
		}

		public String getContentType() {
			return this.contentType;
		}

		public void setContentType(String contentType) {
			this.contentType = contentType;
		}

		public Map<String, String> getUserProperties() {
			return this.userProperties;
		}

		public void setUserProperties(Map<String, String> userProperties) {
			this.userProperties = userProperties;
		}

	}

}
