package io.mqttspring.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application built with the {@code aot} profile (Spring AOT processing,
 * repackaged jar) and run as a user runs it on the JVM, with
 * {@code -Dspring.aot.enabled=true}: it starts from the generated initializers, connects
 * to the broker of {@code mqtt.server-uris} (the jar has no embedded broker) and serves the
 * readings that arrive through it.
 */
class SampleApplicationAotIT {

	private EmbeddedMqttBroker broker;

	private Process application;

	private Path log;

	@BeforeEach
	void startBroker() {
		this.broker = EmbeddedMqttBroker.start(0);
	}

	@AfterEach
	void stopApplicationAndBroker() throws InterruptedException {
		if (this.application != null) {
			this.application.destroy();
			if (!this.application.waitFor(20, TimeUnit.SECONDS)) {
				this.application.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@Test
	void aotProcessedJarStartsConnectsToTheBrokerAndServesReadings() throws Exception {
		int port = freePort();
		this.log = Files.createTempFile("sample-app-aot-", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.application = new ProcessBuilder(java, "-Dspring.aot.enabled=true", "-jar",
				System.getProperty("sample.jar"), "--server.port=" + port, "--server.address=127.0.0.1",
				"--mqtt.server-uris=" + this.broker.getServerUri(), "--sample.fleet.interval=200ms")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		SampleApi api = new SampleApi(port);
		await("start-up of the AOT-processed application, see " + this.log).atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> {
				assertThat(this.application.isAlive()).as("application process alive").isTrue();
				return api.get("/actuator/health") != null;
			});
		api.awaitReadingsOfEveryDevice();
		JsonNode mqtt = api.get("/actuator/health").get("components").get("mqtt");
		assertThat(mqtt.get("status").asString()).isEqualTo("UP");
		assertThat(mqtt.get("details").get("serverUri").asString()).isEqualTo(this.broker.getServerUri());
		assertThat(Files.readString(this.log)).contains("Starting AOT-processed SampleApplication");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
