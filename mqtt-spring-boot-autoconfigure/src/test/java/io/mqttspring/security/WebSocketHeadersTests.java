package io.mqttspring.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mqtt.websocket-headers.*} on the wire: a server that only reads the WebSocket
 * upgrade request stands in for a gateway that expects them.
 */
class WebSocketHeadersTests {

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void configuredHeadersAreSentWithTheWebSocketUpgradeRequest(String transport) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<String> upgradeRequest = CompletableFuture.supplyAsync(() -> readRequestHead(server));
			MqttContexts.runner("ws://127.0.0.1:" + server.getLocalPort() + "/mqtt")
				.withPropertyValues("mqtt.transport=" + transport)
				.withPropertyValues("mqtt.websocket-headers.X-Api-Key=fleet-key-1",
						"mqtt.websocket-headers.X-Tenant=fleet")
				.run((context) -> assertThat(upgradeRequest.get(10, TimeUnit.SECONDS))
					.startsWith("GET /mqtt HTTP/1.1\r\n")
					// Header names are case-insensitive: Netty (the HiveMQ client) writes them in lower case
					.containsIgnoringCase("\r\nUpgrade: websocket\r\n")
					.contains("\r\nX-Api-Key: fleet-key-1\r\n")
					.contains("\r\nX-Tenant: fleet\r\n"));
		}
	}

	private static String readRequestHead(ServerSocket server) {
		try (Socket socket = server.accept()) {
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int next = in.read();
				if (next == -1) {
					break;
				}
				head.write(next);
			}
			return head.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
