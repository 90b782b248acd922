package io.mqttspring.security;

import java.nio.file.Path;
import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.mqttspring.security.TlsTestMaterial.CA;
import static io.mqttspring.security.TlsTestMaterial.UNKNOWN_CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Renewed certificates in a PEM bundle with {@code reload-on-update}: Spring Boot reloads
 * the bundle when its files change, and the client reconnects with it at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class SslBundleReloadTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withListener("tls", "certfile server.pem", "keyfile server-key.pem")
		// The client certificate's common name becomes the user name, which the broker logs
		.withListener("mtls", "cafile ca.pem", "certfile server.pem", "keyfile server-key.pem",
				"require_certificate true", "use_identity_as_username true");

	@TempDir
	Path files;

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void renewedClientCertificateIsUsedAtOnceThroughAReconnect(String transport, CapturedOutput output) {
		Path certificate = this.files.resolve("device.pem");
		Path privateKey = this.files.resolve("device-key.pem");
		CA.client("device-1").writePem(certificate, privateKey);
		MqttContexts.runner(mosquitto.uri("ssl", "mtls"))
			.withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("device", CA, this.files))
			.withPropertyValues("spring.ssl.bundle.pem.device.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.device.keystore.private-key=file:" + privateKey,
					"spring.ssl.bundle.pem.device.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms", "mqtt.client-id=reloading-device-" + transport)
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "with the first certificate");
				assertThat(mosquitto.log()).contains("as reloading-device-" + transport + " (p5, c1, k60, u'device-1')");

				CA.client("device-2").writePem(certificate, privateKey);
				await().atMost(Duration.ofSeconds(15))
					.until(() -> mosquitto.log()
						.contains("as reloading-device-" + transport + " (p5, c1, k60, u'device-2')"));
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
				assertThat(client.getStatus().reconnects()).isEqualTo(1);
				EchoListener.assertRoundTrip(context, "with the renewed certificate");
				assertThat(output).contains("SSL bundle 'device' was updated; reconnecting to the MQTT broker with it");
			});
	}

	@Test
	void correctedTrustStoreEndsTheWaitForTheNextAttempt() {
		Path trustedCertificates = this.files.resolve("trusted.pem");
		TlsTestMaterial.write(trustedCertificates, UNKNOWN_CA.certificatePem());
		MqttContexts.runner(mosquitto.uri("ssl", "tls"))
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues("spring.ssl.bundle.pem.broker.truststore.certificate=file:" + trustedCertificates,
					"spring.ssl.bundle.pem.broker.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms", "mqtt.ssl.bundle=broker",
					// Without the reload, the next attempt would be minutes away
					"mqtt.reconnect.min-delay=5m", "mqtt.reconnect.max-delay=10m")
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> client.getLastDisconnectReason() != null);
				assertThat(client.getLastDisconnectReason()).contains("the broker's certificate is not trusted");

				TlsTestMaterial.write(trustedCertificates, CA.certificatePem());
				await().atMost(Duration.ofSeconds(15)).until(client::isConnected);
				EchoListener.assertRoundTrip(context, "after the trust store was corrected");
			});
	}

}
