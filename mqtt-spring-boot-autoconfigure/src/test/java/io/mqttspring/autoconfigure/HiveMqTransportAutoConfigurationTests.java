package io.mqttspring.autoconfigure;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.hivemq.HiveMqTransport;
import io.mqttspring.connection.transport.pahov5.PahoV5Transport;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mqtt.transport=hivemq}: the HiveMQ client's transport for MQTT 5 and 3.1.1, and a
 * start-up that fails, saying what to do, when the client is missing or MQTT 3.1 is asked
 * of it.
 */
@ExtendWith(EmbeddedHiveMq.class)
class HiveMqTransportAutoConfigurationTests {

	private final ApplicationContextRunner runner = MqttContexts.runner("tcp://127.0.0.1:1")
		.withPropertyValues("mqtt.transport=hivemq");

	@Test
	void theHiveMqTransportSpeaksMqtt5AndMqtt311() {
		this.runner.run((context) -> assertThat(context.getBean(SharedMqttClient.class).getTransport())
			.isInstanceOf(HiveMqTransport.class)
			.extracting((transport) -> transport.protocolVersion())
			.isEqualTo(MqttProtocolVersion.MQTT_5));
		this.runner.withPropertyValues("mqtt.protocol-version=3.1.1")
			.run((context) -> assertThat(context.getBean(SharedMqttClient.class).getTransport())
				.isInstanceOf(HiveMqTransport.class)
				.extracting((transport) -> transport.protocolVersion())
				.isEqualTo(MqttProtocolVersion.MQTT_3_1_1));
	}

	@Test
	void pahoStaysTheDefaultWhenTheHiveMqClientIsThere() {
		// A broker that answers: Paho takes seconds to stop while it retries an unreachable one
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.run((context) -> assertThat(context.getBean(SharedMqttClient.class).getTransport())
				.isInstanceOf(PahoV5Transport.class));
	}

	@Test
	void mqtt31IsRefusedNamingTheTransportThatSpeaksIt() {
		this.runner.withPropertyValues("mqtt.protocol-version=3.1").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("The HiveMQ MQTT client (mqtt.transport=hivemq) does "
					+ "not speak MQTT 3.1 (mqtt.protocol-version=3.1); it speaks 3.1.1 and 5.");
			assertThat(analysis.getAction()).isEqualTo("Use mqtt.transport=paho for MQTT 3.1, or set "
					+ "mqtt.protocol-version to 3.1.1 or 5 if the broker speaks it.");
		});
	}

	@Test
	void aMissingHiveMqClientIsRefusedNamingTheDependencyToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader("com.hivemq.client.")).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("mqtt.transport=hivemq asks for the HiveMQ MQTT client, "
					+ "which is not on the class path.");
			assertThat(analysis.getAction()).startsWith("Add the dependency com.hivemq:hivemq-mqtt-client")
				.endsWith("or choose a library on the class path (paho) with mqtt.transport.");
		});
	}

	@Test
	void aNamedConnectionIsRefusedWithItsOwnProperty() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withPropertyValues("mqtt.connections.edge.server-uris=tcp://127.0.0.1:2",
					"mqtt.connections.edge.transport=hivemq", "mqtt.connections.edge.protocol-version=3.1")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("(mqtt.connections.edge.transport=hivemq) does not speak MQTT 3.1"));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof UnavailableMqttTransportException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("the start-up failure's cause").isInstanceOf(UnavailableMqttTransportException.class);
		return new RefusedMqttConfigurationFailureAnalyzer().analyze(failure);
	}

}
