package io.mqttspring.connection.transport.hivemq;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import io.mqttspring.connection.transport.TlsMaterial;
import io.mqttspring.connection.transport.TransportSettings;

/**
 * The HiveMQ client's transport configuration of one server URI: {@code tcp://},
 * {@code ssl://}, {@code ws://} and {@code wss://} (with the path and the WebSocket
 * headers), TLS from an SSL bundle's {@link TlsMaterial} or the JVM's defaults, and the
 * connection time-out for both the network connect and the CONNACK.
 */
final class HiveMqTransportConfigs {

	private static final int DEFAULT_PLAIN_PORT = 1883;

	private static final int DEFAULT_TLS_PORT = 8883;

	private static final int DEFAULT_WEBSOCKET_PORT = 80;

	private static final int DEFAULT_SECURE_WEBSOCKET_PORT = 443;

	private HiveMqTransportConfigs() {
	}

	/**
	 * The transport configuration of a server URI.
	 * @param serverUri the server URI
	 * @param settings the connection's settings
	 * @param socketFactory the TLS socket factory of the settings or a later reload, or
	 * {@code null}
	 * @return the transport configuration
	 * @throws IllegalArgumentException for a URI the transport cannot connect to
	 */
	static MqttClientTransportConfig of(String serverUri, TransportSettings settings, SocketFactory socketFactory) {
		URI uri = parse(serverUri);
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean tls = scheme.equals("ssl") || scheme.equals("wss");
		boolean websocket = scheme.equals("ws") || scheme.equals("wss");
		int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(tls, websocket);
		long timeout = settings.connectionTimeout().toMillis();
		MqttClientTransportConfigBuilder builder = MqttClientTransportConfig.builder()
			.serverHost(uri.getHost())
			.serverPort(port)
			.socketConnectTimeout(timeout, TimeUnit.MILLISECONDS)
			.mqttConnectTimeout(timeout, TimeUnit.MILLISECONDS);
		if (tls) {
			builder.sslConfig(sslConfig(socketFactory, settings.verifyHostname(), timeout));
		}
		if (websocket) {
			builder.webSocketConfig(MqttWebSocketConfig.builder()
				.serverPath((uri.getRawPath() != null) ? uri.getRawPath() : "")
				.queryString((uri.getRawQuery() != null) ? uri.getRawQuery() : "")
				.httpHeaders(settings.websocketHeaders())
				.handshakeTimeout(timeout, TimeUnit.MILLISECONDS)
				.build());
		}
		return builder.build();
	}

	private static URI parse(String serverUri) {
		URI uri;
		try {
			uri = new URI(serverUri);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Invalid server URI '" + serverUri + "': " + ex.getMessage(), ex);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("tcp") && !scheme.equals("ssl") && !scheme.equals("ws") && !scheme.equals("wss")
				|| uri.getHost() == null) {
			throw new IllegalArgumentException("Invalid server URI '" + serverUri
					+ "': expected tcp://host:port, ssl://host:port, ws://host:port/path or wss://host:port/path");
		}
		return uri;
	}

	private static int defaultPort(boolean tls, boolean websocket) {
		if (websocket) {
			return tls ? DEFAULT_SECURE_WEBSOCKET_PORT : DEFAULT_WEBSOCKET_PORT;
		}
		return tls ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT;
	}

	private static MqttClientSslConfig sslConfig(SocketFactory socketFactory, boolean verifyHostname, long timeout) {
		MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder()
			.handshakeTimeout(timeout, TimeUnit.MILLISECONDS);
		if (socketFactory instanceof TlsMaterial material) {
			builder.keyManagerFactory(material.keyManagerFactory())
				.trustManagerFactory(HostnameVerification.trustManagers(material.trustManagerFactory(), verifyHostname))
				.protocols(material.protocols())
				.cipherSuites(material.cipherSuites());
		}
		else if (socketFactory != null) {
			throw new IllegalArgumentException("The HiveMQ transport builds its TLS from an SSL bundle (mqtt.ssl.bundle), "
					+ "not from a socket factory of its own (" + socketFactory.getClass().getName() + ")");
		}
		else if (!verifyHostname) {
			builder.trustManagerFactory(HostnameVerification.trustManagers(null, false));
		}
		if (!verifyHostname) {
			builder.hostnameVerifier((host, session) -> true);
		}
		return builder.build();
	}

}
