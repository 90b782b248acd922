package io.mqttspring.autoconfigure;

import java.nio.file.Path;

import io.mqttspring.security.TlsTestMaterial;
import io.mqttspring.testsupport.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mqtt.*} values that bind but cannot work stop the application with a report
 * naming the property and what to set. A persistent session that could keep nothing gets
 * its own report, which names the setting that asked for it; other refused values are
 * reported by Spring Boot's analyzer of invalid property values, with their origin and the
 * starter's reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationFailureAnalysisTests {

	private static final String NO_BROKER = "--mqtt.server-uris=tcp://127.0.0.1:1";

	@Test
	void persistentSessionWithoutSessionExpiryIsReportedWithTheExpiryToSet(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, NO_BROKER, "--mqtt.clean-start=false",
				"--mqtt.client-id=orders-1");
		assertThat(failed.description()).isEqualTo("With mqtt.clean-start=false the broker is asked to resume the "
				+ "session of client 'orders-1', but a session expiry of 0 (mqtt.session-expiry, 0s by default) makes "
				+ "it discard the session at every disconnect, so messages sent while the application is offline are "
				+ "lost.");
		assertThat(failed.action()).isEqualTo("Set mqtt.session-expiry to how long the broker should keep the "
				+ "session, e.g. mqtt.session-expiry=1h, or remove mqtt.clean-start=false if the application does not "
				+ "need what was sent while it was offline.");
	}

	@Test
	void persistentSessionWithoutClientIdIsReportedWithTheClientIdToSet(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, NO_BROKER, "--mqtt.clean-start=false",
				"--mqtt.session-expiry=1h");
		assertThat(failed.description()).isEqualTo("A persistent session (mqtt.clean-start=false) belongs to a "
				+ "client id, but mqtt.client-id is not set and the default client id is random on every start, so "
				+ "the application would never resume its session.");
		assertThat(failed.action()).startsWith("Set mqtt.client-id to a stable, unique value for each instance");
		assertThat(failed.output()).doesNotContain("Invalid value 'null'");
	}

	@Test
	void refusedValueIsReportedBySpringBootWithItsOriginAndTheStartersReason(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, NO_BROKER, "--mqtt.template.max-in-flight=0");
		assertThat(failed.description()).startsWith("Invalid value '0' for configuration property "
				+ "'mqtt.template.max-in-flight' (originating from '\"mqtt.template.max-in-flight\" from property "
				+ "source \"commandLineArgs\"'). Validation failed for the following reason:")
			.endsWith("At least one publish must be allowed in flight");
		assertThat(failed.action()).isEqualTo("Review the value of the property with the provided reason.");
	}

	@Test
	void receiveMaximumOutsideTheProtocolsRangeIsReportedWithTheRange(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, NO_BROKER, "--mqtt.connections.edge.server-uris=tcp://127.0.0.1:1",
				"--mqtt.connections.edge.receive-maximum=70000");
		assertThat(failed.description()).startsWith("Invalid value '70000' for configuration property "
				+ "'mqtt.connections.edge.receive-maximum'")
			.endsWith("The Receive Maximum is 1 to 65535: how many unacknowledged QoS 1 and 2 messages the broker "
					+ "may send.");
	}

	@Test
	void serverUriWithASchemeMqttDoesNotHaveIsReportedWithTheSchemesItHas(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, "--mqtt.server-uris=http://broker.example.com:1883");
		assertThat(failed.description()).startsWith("Invalid value 'http://broker.example.com:1883' for "
				+ "configuration property 'mqtt.server-uris' (originating from '\"mqtt.server-uris\" from property "
				+ "source \"commandLineArgs\"')")
			.endsWith("A server URI is tcp://host:port, ssl://host:port, ws://host:port/path or "
					+ "wss://host:port/path, such as tcp://localhost:1883.");
	}

	@Test
	void unknownSslBundleIsReportedWithTheBundlesThatExist(CapturedOutput output, @TempDir Path files) {
		String trustedCa = TlsTestMaterial.pemTrust("broker", TlsTestMaterial.CA, files)[0];
		FailedStart failed = FailedStart.run(output, "--mqtt.server-uris=ssl://127.0.0.1:1",
				"--mqtt.ssl.bundle=brokr", "--" + trustedCa);
		assertThat(failed.description()).startsWith("Invalid value 'brokr' for configuration property "
				+ "'mqtt.ssl.bundle' (originating from '\"mqtt.ssl.bundle\" from property source "
				+ "\"commandLineArgs\"')")
			.endsWith("There is no SSL bundle of that name; the SSL bundles are [broker]. Define it with "
					+ "spring.ssl.bundle.pem.brokr.* or spring.ssl.bundle.jks.brokr.*, or name an existing one.");
	}

}
