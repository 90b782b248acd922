package io.mqttspring.security;

import java.nio.file.Path;
import java.time.Duration;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import io.mqttspring.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

import static io.mqttspring.security.TlsTestMaterial.CA;
import static io.mqttspring.security.TlsTestMaterial.UNKNOWN_CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS handshakes that fail, on either side: each is reported with the broker's URI and
 * what is wrong, as an error, while the application keeps running and retrying (or, with
 * {@code mqtt.fail-fast=true}, refuses to start).
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsRefusalTests {

	private static final Issued MISMATCHED = CA.server("elsewhere", "DNS:broker.invalid");

	private static final Issued EXPIRED = CA.expiredServer("broker", "IP:127.0.0.1", "DNS:localhost");

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withFile("mismatched.pem", MISMATCHED.certificatePem())
		.withFile("mismatched-key.pem", MISMATCHED.privateKeyPem())
		.withFile("expired.pem", EXPIRED.certificatePem())
		.withFile("expired-key.pem", EXPIRED.privateKeyPem())
		.withListener("tls", "certfile server.pem", "keyfile server-key.pem")
		.withListener("mismatch", "certfile mismatched.pem", "keyfile mismatched-key.pem")
		.withListener("expired", "certfile expired.pem", "keyfile expired-key.pem")
		.withListener("mtls", "cafile ca.pem", "certfile server.pem", "keyfile server-key.pem",
				"require_certificate true");

	@TempDir
	static Path files;

	@Test
	void brokerCertificateFromAnUnknownCaIsReportedAndRetried(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "tls");
		runner(uri).withPropertyValues(TlsTestMaterial.pemTrust("broker", UNKNOWN_CA, files))
			.run((context) -> assertRefusedAndRetried(context, output, uri,
					"the broker's certificate is not trusted: no certificate authority in the trust store issued it"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void brokerCertificateForAnotherHostNameIsReportedAndRetried(String transport, CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "mismatch");
		runner(uri).withPropertyValues("mqtt.transport=" + transport)
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> assertRefusedAndRetried(context, output, uri,
					"the broker's certificate was not issued for the host name of the server URI "
							+ "(hostname verification) [javax.net.ssl.SSLHandshakeException: No subject alternative "
							+ "names matching IP address 127.0.0.1 found]"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void brokerCertificateForAnotherHostNameIsAcceptedWithHostnameVerificationOffAfterAWarning(String transport,
			CapturedOutput output) {
		runner(mosquitto.uri("ssl", "mismatch")).withPropertyValues("mqtt.transport=" + transport)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.withPropertyValues("mqtt.ssl.verify-hostname=false")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "to a broker with someone else's certificate");
				assertThat(output).contains("WARN")
					.contains("Hostname verification of the MQTT broker's certificate is off "
							+ "(mqtt.ssl.verify-hostname=false)");
			});
	}

	@Test
	void expiredBrokerCertificateIsReportedAndRetried(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "expired");
		runner(uri).withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> assertRefusedAndRetried(context, output, uri,
					"the broker's certificate has expired or is not valid yet"));
	}

	@Test
	void missingClientCertificateOnMutualTlsListenerIsReportedAndRetried(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "mtls");
		runner(uri).withPropertyValues(TlsTestMaterial.pemTrust("broker", CA, files))
			.run((context) -> assertRefusedAndRetried(context, output, uri,
					"the broker requires a client certificate (mutual TLS) and none was sent"));
	}

	@Test
	void clientCertificateFromACaTheBrokerDoesNotTrustIsReportedAndRetried(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "mtls");
		UNKNOWN_CA.client("stranger").writePem(files.resolve("stranger.pem"), files.resolve("stranger-key.pem"));
		runner(uri).withPropertyValues(TlsTestMaterial.pemTrust("stranger", CA, files))
			.withPropertyValues(
					"spring.ssl.bundle.pem.stranger.keystore.certificate=file:" + files.resolve("stranger.pem"),
					"spring.ssl.bundle.pem.stranger.keystore.private-key=file:" + files.resolve("stranger-key.pem"))
			.run((context) -> {
				// With TLS 1.3 the broker checks the client certificate after the client's side
				// of the handshake is done: an attempt may see the broker's alert, or a broken
				// pipe when it already writes CONNECT. Either way the message says what to check.
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> context.getBean(RecordedEvents.class).ofType(MqttConnectionFailedEvent.class).size() >= 3);
				assertThat(client.isConnected()).isFalse();
				String attempt = "Could not connect to MQTT broker [" + uri + "] as 'refusal-test': TLS handshake failed: ";
				assertThat(output.getAll().lines().filter((line) -> line.contains(attempt)))
					.hasSizeGreaterThanOrEqualTo(3)
					.allMatch((line) -> line.contains("ERROR"))
					.allMatch((line) -> line.contains(attempt + "the broker refused the client certificate (unknown_ca)")
							|| line.contains(attempt + "the broker closed the connection during or right after the TLS "
									+ "handshake, which is how a broker refusing the client certificate often shows"));
			});
	}

	@Test
	void failFastRefusesToStartWhenTheBrokerCertificateIsNotTrusted() {
		String uri = mosquitto.uri("ssl", "tls");
		runner(uri).withPropertyValues(TlsTestMaterial.pemTrust("broker", UNKNOWN_CA, files))
			.withPropertyValues("mqtt.fail-fast=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("Could not connect to MQTT broker ["
						+ uri + "] as 'refusal-test' and fail-fast is enabled: TLS handshake failed: the broker's "
						+ "certificate is not trusted");
			});
	}

	private static ApplicationContextRunner runner(String uri) {
		return MqttContexts.runner(uri)
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.client-id=refusal-test");
	}

	private static void assertRefusedAndRetried(AssertableApplicationContext context, CapturedOutput output,
			String uri, String cause) {
		SharedMqttClient client = context.getBean(SharedMqttClient.class);
		RecordedEvents events = context.getBean(RecordedEvents.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> events.ofType(MqttConnectionFailedEvent.class).size() >= 3);
		assertThat(context).hasNotFailed();
		assertThat(client.isRunning()).isTrue();
		assertThat(client.isConnected()).isFalse();
		assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTING);
		assertThat(client.getLastDisconnectReason()).startsWith("TLS handshake failed: " + cause);
		assertThat(output.getAll().lines()
			.filter((line) -> line.contains("Could not connect to MQTT broker [" + uri + "] as 'refusal-test': "
					+ "TLS handshake failed: " + cause)))
			.isNotEmpty()
			.allMatch((line) -> line.contains("ERROR"));
	}

}
