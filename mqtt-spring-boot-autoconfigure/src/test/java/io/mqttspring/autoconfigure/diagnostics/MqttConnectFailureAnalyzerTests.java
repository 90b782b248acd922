package io.mqttspring.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.mqttspring.security.TlsTestMaterial;
import io.mqttspring.testsupport.FailedStart;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.NatsServer;
import io.mqttspring.testsupport.TestCertificates;
import io.mqttspring.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with {@code mqtt.fail-fast=true} whose first connect fails, on real
 * brokers: Spring Boot's report says where it connected, as whom, why that failed (with
 * the broker's reason code) and which property to change, and never shows the password.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqttConnectFailureAnalyzerTests {

	private static final String PASSWORD = "Tr0ub4dor-and-3";

	private static final String WRONG_PASSWORD = "Wr0ng-Staple-88";

	private static final Issued MISMATCHED = TlsTestMaterial.CA.server("elsewhere", "DNS:broker.invalid");

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withPasswords("app", PASSWORD)
		.withFile("mismatched.pem", MISMATCHED.certificatePem())
		.withFile("mismatched-key.pem", MISMATCHED.privateKeyPem())
		.withListener("tls", "certfile server.pem", "keyfile server-key.pem")
		.withListener("mismatch", "certfile mismatched.pem", "keyfile mismatched-key.pem");

	@RegisterExtension
	static final NatsServer nats = new NatsServer();

	@TempDir
	static Path files;

	@Test
	void wrongPasswordOnMqtt5IsReportedWithTheReasonCodeAndTheCredentialPropertiesWithoutThePassword(
			CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, failFast(mosquitto.uri(), "--mqtt.username=app",
				"--mqtt.password=" + WRONG_PASSWORD));
		assertThat(failed.description()).isEqualTo("Could not connect to the MQTT broker at " + mosquitto.uri()
				+ " as client 'analyzed' (MQTT 5): reason code 0x87 (Not authorized). With mqtt.fail-fast=true the "
				+ "application does not start without its broker.");
		assertThat(failed.action()).startsWith("Check mqtt.username and mqtt.password")
			.contains("Mosquitto among them, answer a wrong password with this code");
		assertThat(failed.output()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
	}

	@Test
	void wrongPasswordOnMqtt311IsReportedWithTheReturnCodeAndTheCredentialPropertiesWithoutThePassword(
			CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, failFast(mosquitto.uri(), "--mqtt.protocol-version=3.1.1",
				"--mqtt.username=app", "--mqtt.password=" + WRONG_PASSWORD));
		assertThat(failed.description()).isEqualTo("Could not connect to the MQTT broker at " + mosquitto.uri()
				+ " as client 'analyzed' (MQTT 3.1.1): return code 5 (not authorized). With mqtt.fail-fast=true the "
				+ "application does not start without its broker.");
		assertThat(failed.action()).startsWith("Check mqtt.username and mqtt.password");
		assertThat(failed.output()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
	}

	@Test
	void brokerCertificateFromAnUntrustedAuthorityIsReportedWithTheTrustStoreToChange(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "tls");
		FailedStart failed = FailedStart.run(output, failFast(uri,
				tls(TestCertificates.authority("Nobody's CA"))));
		assertThat(failed.description()).startsWith("Could not connect to the MQTT broker at " + uri
				+ " as client 'analyzed' (MQTT 5): TLS handshake failed: the broker's certificate is not trusted");
		assertThat(failed.action()).startsWith("Trust the certificate authority that issued the broker's certificate")
			.contains("spring.ssl.bundle.pem.<name>.truststore.certificate");
	}

	@Test
	void brokerCertificateForAnotherHostIsReportedWithTheServerUriOrCertificateToChange(CapturedOutput output) {
		String uri = mosquitto.uri("ssl", "mismatch");
		FailedStart failed = FailedStart.run(output, failFast(uri, tls(TlsTestMaterial.CA)));
		assertThat(failed.description()).contains("TLS handshake failed: the broker's certificate was not issued "
				+ "for the host name of the server URI (hostname verification)");
		assertThat(failed.action()).startsWith("Connect with a host name the broker's certificate was issued for "
				+ "(mqtt.server-uris)");
	}

	@Test
	void natsRefusingMqtt5IsReportedWithTheProtocolVersionToSet(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, failFast(nats.uri()));
		assertThat(failed.description()).startsWith("Could not connect to the MQTT broker at " + nats.uri()
				+ " as client 'analyzed' (MQTT 5): the broker at " + nats.uri() + " does not accept MQTT 5");
		assertThat(failed.action()).startsWith("Set mqtt.protocol-version to 3.1.1 (or 3.1)")
			.contains("NATS, RabbitMQ before 3.13");
	}

	@Test
	void nothingListeningIsReportedWithTheServerUrisAndHowToStartWithoutTheBroker(CapturedOutput output)
			throws IOException {
		String uri = "tcp://127.0.0.1:" + freePort();
		FailedStart failed = FailedStart.run(output, failFast(uri));
		assertThat(failed.description()).startsWith("Could not connect to the MQTT broker at " + uri)
			.contains("Connection refused");
		assertThat(failed.action()).isEqualTo("Start the broker, or correct the host and port in mqtt.server-uris: "
				+ "nothing accepted the connection there. To start without the broker and connect once it is "
				+ "reachable, set mqtt.fail-fast=false.");
	}

	@Test
	void brokerThatNeverAnswersIsReportedWithTheConnectionTimeout(CapturedOutput output) throws Exception {
		try (Silent silent = new Silent()) {
			String uri = "tcp://127.0.0.1:" + silent.port();
			FailedStart failed = FailedStart.run(output, failFast(uri, "--mqtt.connection-timeout=1s"));
			assertThat(failed.description()).contains("as client 'analyzed' (MQTT 5): no CONNACK within 1 s");
			assertThat(failed.action()).startsWith("Check that mqtt.server-uris points at an MQTT listener")
				.contains("raise mqtt.connection-timeout");
		}
	}

	private static String[] failFast(String serverUri, String... args) {
		return Stream.concat(Stream.of("--mqtt.server-uris=" + serverUri, "--mqtt.client-id=analyzed",
				"--mqtt.fail-fast=true"), Stream.of(args))
			.toArray(String[]::new);
	}

	private static String[] tls(TestCertificates.CertificateAuthority trusted) {
		return Stream.of(TlsTestMaterial.pemTrust("broker", trusted, files))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A server that accepts connections and never answers, like a broker still starting.
	 */
	private static final class Silent implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Thread acceptor;

		Silent() throws IOException {
			this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
			this.acceptor = new Thread(this::accept, "silent-broker");
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					this.accepted.add(this.server.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		@Override
		public void close() throws IOException, InterruptedException {
			this.server.close();
			this.acceptor.join();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
