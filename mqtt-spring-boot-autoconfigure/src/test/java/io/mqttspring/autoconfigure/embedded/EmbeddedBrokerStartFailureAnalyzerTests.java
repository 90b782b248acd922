package io.mqttspring.autoconfigure.embedded;

import java.net.InetAddress;
import java.net.ServerSocket;

import io.mqttspring.testsupport.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker's port taken by another process, as when a broker, or another
 * instance of the application, already runs: Spring Boot's report names the port and the
 * three ways out, as it does for a web server's port.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedBrokerStartFailureAnalyzerTests {

	@Test
	void busyPortIsReportedWithThePortAndTheWaysOut(CapturedOutput output) throws Exception {
		try (ServerSocket otherProcess = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			int port = otherProcess.getLocalPort();
			FailedStart failed = FailedStart.run(output, "--mqtt.embedded.port=" + port);
			assertThat(failed.description())
				.isEqualTo("The embedded MQTT broker (HiveMQ CE) could not start: port " + port
						+ " on 127.0.0.1 is already in use.");
			assertThat(failed.action()).isEqualTo("Stop the process that listens on port " + port + " (an MQTT "
					+ "broker, or another instance of this application), or set mqtt.embedded.port=0 to start the "
					+ "embedded broker on a free port, or set mqtt.server-uris to connect to the broker that is "
					+ "running instead (the embedded broker then stays off, unless mqtt.embedded.enabled=true).");
			assertThat(failed.output()).doesNotContain(": null");
		}
	}

}
