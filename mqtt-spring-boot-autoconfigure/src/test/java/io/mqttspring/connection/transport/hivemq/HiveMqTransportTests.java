package io.mqttspring.connection.transport.hivemq;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.TransportListener;
import io.mqttspring.connection.transport.TransportSettings;
import io.mqttspring.security.TlsTestMaterial;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * What the HiveMQ transport does with the library underneath that the tests of the
 * starter as a whole cannot see: the Netty threads it starts end with it, and the one
 * library behaviour it works around.
 */
class HiveMqTransportTests {

	private static final Issued ELSEWHERE = TlsTestMaterial.CA.server("elsewhere", "DNS:broker.invalid");

	@RegisterExtension
	static final MosquittoBroker mosquitto = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withFile("elsewhere.pem", ELSEWHERE.certificatePem())
		.withFile("elsewhere-key.pem", ELSEWHERE.privateKeyPem())
		.withListener("mismatch", "certfile elsewhere.pem", "keyfile elsewhere-key.pem");

	@TempDir
	static Path files;

	@Test
	void theNettyThreadOfATransportEndsWhenItClosesOverTenConnectAndCloseCycles() throws Exception {
		for (int cycle = 0; cycle < 10; cycle++) {
			try (MqttTransport transport = new HiveMqTransportFactory().create(settings("threads-" + cycle))) {
				transport.setListener(new IgnoringListener());
				transport.connect(new ConnectRequest(mosquitto.uri(), null, null)).get(10, TimeUnit.SECONDS);
				assertThat(transport.isConnected()).isTrue();
				assertThat(hiveMqThreads("threads-")).isNotEmpty();
				transport.disconnect(Duration.ofSeconds(5));
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hiveMqThreads("threads-")).isEmpty());
	}

	@Test
	void aTransportHasOneNettyThreadWhileConnectedHoweverOftenItReconnects() throws Exception {
		try (MqttTransport transport = new HiveMqTransportFactory().create(settings("reconnecting"))) {
			transport.setListener(new IgnoringListener());
			for (int attempt = 0; attempt < 5; attempt++) {
				ConnectResult result = transport.connect(new ConnectRequest(mosquitto.uri(), null, null))
					.get(10, TimeUnit.SECONDS);
				assertThat(result.serverUri()).isEqualTo(mosquitto.uri());
				assertThat(hiveMqThreads("reconnecting")).hasSize(1);
				transport.disconnect(Duration.ofSeconds(5));
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(hiveMqThreads("reconnecting")).isEmpty());
	}

	// The library bug that HostnameVerification works around: given a hostname verifier
	// that accepts any host, it still refuses a certificate for another host on Netty 4.2
	@Test
	void theHiveMqClientRefusesACertificateForAnotherHostDespiteAHostnameVerifierThatAcceptsIt() throws Exception {
		TrustManagerFactory trust = trustManagers();
		Mqtt5BlockingClient asLibraryDocumentsIt = client(MqttClientSslConfig.builder()
			.trustManagerFactory(trust)
			.hostnameVerifier((host, session) -> true)
			.build());
		assertThatException().isThrownBy(asLibraryDocumentsIt::connect)
			.withStackTraceContaining("No subject alternative names matching IP address 127.0.0.1 found");
		Mqtt5BlockingClient workedAround = client(MqttClientSslConfig.builder()
			.trustManagerFactory(HostnameVerification.trustManagers(trust, false))
			.hostnameVerifier((host, session) -> true)
			.build());
		workedAround.connect();
		workedAround.disconnect();
	}

	private static Mqtt5BlockingClient client(MqttClientSslConfig sslConfig) {
		return MqttClient.builder()
			.identifier("hostname-" + System.nanoTime())
			.serverHost("127.0.0.1")
			.serverPort(mosquitto.port("mismatch"))
			.sslConfig(sslConfig)
			.useMqttVersion5()
			.buildBlocking();
	}

	private static TrustManagerFactory trustManagers() throws Exception {
		Path store = files.resolve("trust.p12");
		TlsTestMaterial.CA.writeTrustStore(store, "PKCS12", "secret");
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keyStore.load(in, "secret".toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(keyStore);
		return factory;
	}

	static TransportSettings settings(String clientId) {
		return new TransportSettings(clientId, List.of(mosquitto.uri()), MqttProtocolVersion.MQTT_5, true,
				Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), null, null, true, Map.of(), 100, 100);
	}

	// The threads of the transports whose client ids start with the prefix
	private static List<Thread> hiveMqThreads(String clientIdPrefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("mqtt-hivemq-" + clientIdPrefix))
			.toList();
	}

	private static final class IgnoringListener implements TransportListener {

		@Override
		public void messageArrived(InboundPublish message) {
		}

		@Override
		public void connectionLost(MqttTransportException cause) {
		}

	}

}
