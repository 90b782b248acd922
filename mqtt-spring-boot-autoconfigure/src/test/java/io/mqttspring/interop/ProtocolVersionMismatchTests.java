package io.mqttspring.interop;

import java.time.Duration;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.NatsServer;
import io.mqttspring.testsupport.RabbitMqBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brokers answering a protocol version they do not speak the way they do (NATS with
 * CONNACK 0x01, which Paho MQTTv5 cannot decode; RabbitMQ 3.10 by closing the socket):
 * the log, the health details and the fail-fast start-up failure name the cause and
 * {@code mqtt.protocol-version}, instead of an endless "Invalid Return code".
 */
@ExtendWith(OutputCaptureExtension.class)
class ProtocolVersionMismatchTests {

	@RegisterExtension
	static final NatsServer nats = new NatsServer();

	@RegisterExtension
	static final RabbitMqBroker rabbitmq = new RabbitMqBroker();

	@Test
	void mqtt5AgainstNatsIsExplainedInTheLogTheStatusAndTheFailFastStartUp(CapturedOutput output) {
		String explanation = "the broker at " + nats.uri() + " does not accept MQTT 5: it answered CONNECT with a "
				+ "return code that MQTT 5 does not define, as brokers that speak only MQTT 3.1.1 do (NATS answers 0x01, "
				+ "unacceptable protocol version). Set mqtt.protocol-version=3.1.1";
		MqttContexts.runner(nats.uri()).run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> client.getLastDisconnectReason() != null);
			assertThat(client.getStatus().lastDisconnectReason()).isEqualTo(explanation);
			assertThat(output).contains("ERROR").contains("Could not connect to MQTT broker [" + nats.uri() + "]");
			assertThat(output).contains(explanation).doesNotContain("Invalid Return code;");
		});
		MqttContexts.runner(nats.uri()).withPropertyValues("mqtt.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("fail-fast is enabled: " + explanation);
		});
	}

	@Test
	void mqtt5AgainstRabbitMqWhichClosesTheSocketIsExplained() {
		MqttContexts.runner(rabbitmq.uri()).withPropertyValues("mqtt.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("the broker at " + rabbitmq.uri()
						+ " closed the connection without answering the MQTT 5 CONNECT, as brokers that speak only MQTT "
						+ "3.1.1 do (RabbitMQ before 3.13): it probably does not accept MQTT 5. If so, set "
						+ "mqtt.protocol-version=3.1.1");
		});
	}

	@Test
	void mqtt5OverTheHiveMqClientAgainstNatsOrRabbitMqIsExplainedAlike() {
		MqttContexts.runner(nats.uri()).withPropertyValues("mqtt.transport=hivemq").run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> client.getLastDisconnectReason() != null);
			assertThat(client.getLastDisconnectReason()).startsWith("the broker at " + nats.uri()
					+ " does not accept MQTT 5: it answered CONNECT with reason code 0x84 (Unsupported protocol version), "
					+ "as brokers that speak only MQTT 3.1.1 do (NATS answers with return code 0x01, unacceptable "
					+ "protocol version). Set mqtt.protocol-version=3.1.1");
		});
		MqttContexts.runner(rabbitmq.uri())
			.withPropertyValues("mqtt.transport=hivemq", "mqtt.fail-fast=true")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("the broker at "
					+ rabbitmq.uri() + " closed the connection without answering the MQTT 5 CONNECT, as brokers that "
					+ "speak only MQTT 3.1.1 do (RabbitMQ before 3.13): it probably does not accept MQTT 5. If so, set "
					+ "mqtt.protocol-version=3.1.1"));
	}

	@Test
	void mqtt31AgainstNatsWhichTakesOnly311IsExplained() {
		MqttContexts.runner(nats.uri()).withPropertyValues("mqtt.protocol-version=3.1").run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> client.getLastDisconnectReason() != null);
			assertThat(client.getLastDisconnectReason()).startsWith("the broker at " + nats.uri()
					+ " closed the connection without answering the MQTT 3.1 CONNECT, as brokers that speak only MQTT "
					+ "3.1.1 do (NATS): it probably does not accept MQTT 3.1. If so, set mqtt.protocol-version=3.1.1");
		});
	}

	@Test
	void theRightVersionConnects() {
		MqttContexts.runner(nats.uri()).withPropertyValues("mqtt.protocol-version=3.1.1").run(MqttContexts::awaitConnected);
		MqttContexts.runner(rabbitmq.uri())
			.withPropertyValues("mqtt.protocol-version=3.1.1")
			.run(MqttContexts::awaitConnected);
	}

}
