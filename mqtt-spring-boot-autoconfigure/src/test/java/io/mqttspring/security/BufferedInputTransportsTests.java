package io.mqttspring.security;

import java.nio.file.Path;
import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.mqttspring.security.TlsTestMaterial.CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The buffered input of the Paho transports on every kind of connection: messages many
 * times the read buffer and a TLS record go both ways over TLS, WebSockets and secure
 * WebSockets, on MQTT 5 and 3.1.1; and a TLS connection the broker closes is reconnected,
 * after which messages flow again.
 */
class BufferedInputTransportsTests {

	// Larger than the 8 KiB read buffer and than a 16 KiB TLS record
	private static final String LARGE = "x".repeat(100_000) + "!";

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withListener("tls", "certfile server.pem", "keyfile server-key.pem")
		.withWebSocketListener("ws")
		.withWebSocketListener("wss", "certfile server.pem", "keyfile server-key.pem");

	@TempDir
	static Path files;

	@ParameterizedTest
	@CsvSource({ "ssl, tls, 5", "ssl, tls, 3.1.1", "ws, ws, 5", "ws, ws, 3.1.1", "wss, wss, 5", "wss, wss, 3.1.1" })
	void largeAndSmallMessagesGoBothWays(String scheme, String listener, String protocolVersion) {
		runner(scheme, listener).withPropertyValues("mqtt.protocol-version=" + protocolVersion).run((context) -> {
			EchoListener.assertRoundTrip(context, LARGE);
			EchoListener.assertRoundTrip(context, "small");
			EchoListener.assertRoundTrip(context, LARGE);
		});
	}

	@Test
	void tlsConnectionClosedByTheBrokerIsReconnected() {
		runner("ssl", "tls").run((context) -> {
			EchoListener.assertRoundTrip(context, "before");
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			mosquitto.stop();
			await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
			mosquitto.start();
			MqttContexts.awaitConnected(context);
			EchoListener.assertRoundTrip(context, "after");
			EchoListener.assertRoundTrip(context, LARGE);
			assertThat(client.getStatus().connectionLosses()).isEqualTo(1);
		});
	}

	private static ApplicationContextRunner runner(String scheme, String listener) {
		ApplicationContextRunner runner = MqttContexts.runner(mosquitto.uri(scheme, listener))
			.withUserConfiguration(EchoListener.class);
		return scheme.equals("ws") ? runner : runner.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files));
	}

}
