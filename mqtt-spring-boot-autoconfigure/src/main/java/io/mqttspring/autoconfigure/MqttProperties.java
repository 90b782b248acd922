package io.mqttspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for MQTT.
 */
@ConfigurationProperties("mqtt")
public class MqttProperties {

	/**
	 * Broker URIs to connect to, tried in order ("tcp", "ssl", "ws" or "wss").
	 */
	private List<String> serverUris = new ArrayList<>(List.of("tcp://localhost:1883"));

	/**
	 * Client identifier. Defaults to the application name followed by a random suffix.
	 */
	private String clientId;

	/**
	 * Login user of the broker.
	 */
	private String username;

	/**
	 * Login password of the broker.
	 */
	private String password;

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
	 * Maximum time to wait for a connection to be established.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(30);

	/**
	 * Whether application start-up fails when the first connection attempt fails, instead
	 * of connecting in the background.
	 */
	private boolean failFast;

	private final Reconnect reconnect = new Reconnect();

	private final Template template = new Template();

	private final Embedded embedded = new Embedded();

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

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Embedded getEmbedded() {
		return this.embedded;
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
		 * Maximum time to wait for the broker to acknowledge a publish.
		 */
		private Duration publishTimeout = Duration.ofSeconds(30);

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

		public Duration getPublishTimeout() {
			return this.publishTimeout;
		}

		public void setPublishTimeout(Duration publishTimeout) {
			this.publishTimeout = publishTimeout;
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

}
