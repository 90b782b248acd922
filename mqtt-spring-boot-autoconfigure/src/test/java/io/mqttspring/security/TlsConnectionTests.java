package io.mqttspring.security;

import java.nio.file.Path;
import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static io.mqttspring.security.TlsTestMaterial.CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections over TLS, mutual TLS and WebSockets to a Mosquitto process, with the trust
 * and key material from Spring Boot SSL bundles (JKS and PEM), over each client library
 * ({@code mqtt.transport}).
 */
class TlsConnectionTests {

	private static final Issued CLIENT = CA.client("device-1");

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withListener("tls", "certfile server.pem", "keyfile server-key.pem")
		.withListener("tls13", "certfile server.pem", "keyfile server-key.pem", "tls_version tlsv1.3")
		// The client certificate's common name becomes the user name, which the broker logs
		.withListener("mtls", "cafile ca.pem", "certfile server.pem", "keyfile server-key.pem",
				"require_certificate true", "use_identity_as_username true")
		.withWebSocketListener("ws")
		.withWebSocketListener("wss", "certfile server.pem", "keyfile server-key.pem");

	@TempDir
	static Path files;

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void tlsWithJksTrustStoreBundleConnectsAndMessagesFlow(String transport) {
		CA.writeTrustStore(files.resolve("trust.jks"), "JKS", "trust-secret");
		MqttContexts.runner(mosquitto.uri("ssl", "tls"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues("spring.ssl.bundle.jks.broker.truststore.location=file:" + files.resolve("trust.jks"),
					"spring.ssl.bundle.jks.broker.truststore.password=trust-secret",
					"spring.ssl.bundle.jks.broker.truststore.type=JKS", "mqtt.ssl.bundle=broker")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "over TLS with a JKS trust store");
				assertThat(context.getBean(SharedMqttClient.class).getCurrentServerUri())
					.isEqualTo(mosquitto.uri("ssl", "tls"));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void tlsWithPemBundleConnectsAndMessagesFlow(String transport) {
		MqttContexts.runner(mosquitto.uri("ssl", "tls"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> EchoListener.assertRoundTrip(context, "over TLS with a PEM trust store"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void mutualTlsPresentsTheClientCertificateOfTheJksKeyStore(String transport) {
		CA.writeTrustStore(files.resolve("mtls-trust.p12"), "PKCS12", "trust-secret");
		CLIENT.writeKeyStore(files.resolve("device-1.jks"), "JKS", "key-secret", "device");
		MqttContexts.runner(mosquitto.uri("ssl", "mtls"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(
					"spring.ssl.bundle.jks.device.truststore.location=file:" + files.resolve("mtls-trust.p12"),
					"spring.ssl.bundle.jks.device.truststore.password=trust-secret",
					"spring.ssl.bundle.jks.device.truststore.type=PKCS12",
					"spring.ssl.bundle.jks.device.keystore.location=file:" + files.resolve("device-1.jks"),
					"spring.ssl.bundle.jks.device.keystore.password=key-secret",
					"spring.ssl.bundle.jks.device.keystore.type=JKS", "spring.ssl.bundle.jks.device.key.alias=device",
					"mqtt.ssl.bundle=device", "mqtt.client-id=mtls-device-" + transport)
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "over mutual TLS");
				assertThat(mosquitto.log()).contains("as mtls-device-" + transport + " (p5, c1, k60, u'device-1')");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void mutualTlsPresentsTheClientCertificateOfThePemBundle(String transport) {
		CLIENT.writePem(files.resolve("device-1.pem"), files.resolve("device-1-key.pem"));
		MqttContexts.runner(mosquitto.uri("ssl", "mtls"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("device", CA, files))
			.withPropertyValues(
					"spring.ssl.bundle.pem.device.keystore.certificate=file:" + files.resolve("device-1.pem"),
					"spring.ssl.bundle.pem.device.keystore.private-key=file:" + files.resolve("device-1-key.pem"),
					"mqtt.client-id=mtls-pem-device-" + transport)
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "over mutual TLS with PEM files");
				assertThat(mosquitto.log()).contains("as mtls-pem-device-" + transport + " (p5, c1, k60, u'device-1')");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void wssUriConnectsThroughTheBundleAndMessagesFlow(String transport) {
		MqttContexts.runner(mosquitto.uri("wss", "wss"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> EchoListener.assertRoundTrip(context, "over secure WebSockets"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void wsUriConnectsAndMessagesFlow(String transport) {
		MqttContexts.runner(mosquitto.uri("ws", "ws"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.run((context) -> EchoListener.assertRoundTrip(context, "over WebSockets"));
	}

	@Test
	void tls13OnlyListenerAcceptsTheDefaultProtocolsButNotABundleLimitedToTls12() {
		MqttContexts.runner(mosquitto.uri("ssl", "tls13"))
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> awaitConnected(context.getBean(SharedMqttClient.class)));
		MqttContexts.runner(mosquitto.uri("ssl", "tls13"))
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.withPropertyValues("spring.ssl.bundle.pem.broker.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> client.getLastDisconnectReason() != null);
				assertThat(client.isConnected()).isFalse();
				assertThat(client.getLastDisconnectReason())
					.startsWith("TLS handshake failed: the broker accepts none of the TLS versions or cipher suites "
							+ "offered (protocol_version;");
			});
	}

	@Test
	void sslUriWithoutBundleTrustsWhatTheJvmDefaultTrustStoreTrusts() {
		// The JVM's own CA certificates do not include the test CA ...
		MqttContexts.runner(mosquitto.uri("ssl", "tls")).run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> client.getLastDisconnectReason() != null);
			assertThat(client.getLastDisconnectReason()).contains("the broker's certificate is not trusted");
		});
		// ... and a default trust store that does is used without any mqtt.ssl setting
		CA.writeTrustStore(files.resolve("jvm-trust.p12"), "PKCS12", "jvm-secret");
		String previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
		String previousPassword = System.getProperty("javax.net.ssl.trustStorePassword");
		System.setProperty("javax.net.ssl.trustStore", files.resolve("jvm-trust.p12").toString());
		System.setProperty("javax.net.ssl.trustStorePassword", "jvm-secret");
		try {
			MqttContexts.runner(mosquitto.uri("ssl", "tls"))
				.withUserConfiguration(EchoListener.class)
				.run((context) -> EchoListener.assertRoundTrip(context, "trusted by the JVM's trust store"));
		}
		finally {
			restore("javax.net.ssl.trustStore", previousTrustStore);
			restore("javax.net.ssl.trustStorePassword", previousPassword);
		}
	}

	private static void restore(String property, String value) {
		if (value != null) {
			System.setProperty(property, value);
		}
		else {
			System.clearProperty(property);
		}
	}

	private static void awaitConnected(SharedMqttClient client) {
		await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
	}

}
