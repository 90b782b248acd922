package io.mqttspring.autoconfigure.diagnostics;

import io.mqttspring.listener.AckMode;
import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerErrorHandler;
import io.mqttspring.testsupport.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener declarations that cannot work stop the application with a report that names
 * the listener (id, bean, method), what is wrong, and what to change. The listeners are
 * checked before the client connects, so no broker is needed.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqttListenerDefinitionFailureAnalyzerTests {

	private static final String NO_BROKER = "--mqtt.server-uris=tcp://127.0.0.1:1";

	@Test
	void invalidTopicFilterIsReportedWithTheFilterRules(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, new Class<?>[] { BadFilter.class }, NO_BROKER);
		assertThat(failed.description()).startsWith("@MqttListener 'badFilter' (bean '")
			.contains("BadFilter.onMessage) has an invalid topic filter 'sensors/#/temperature': ");
		assertThat(failed.action()).startsWith("Correct the filter in @MqttListener(topics)")
			.contains("'#' only for the last one");
	}

	@Test
	void manualAcknowledgementOfQos2OnMqtt5IsReportedWithTheQosOrProtocolToChoose(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, new Class<?>[] { ManualQos2.class }, NO_BROKER);
		assertThat(failed.description()).startsWith("@MqttListener 'payments' (bean '")
			.contains("has ackMode MANUAL with qos 2, which cannot work on MQTT 5 with Paho");
		assertThat(failed.action()).isEqualTo("Use qos = 1, or MQTT 3.1.1 (mqtt.protocol-version=3.1.1), where the "
				+ "acknowledgment completes QoS 2 deliveries.");
	}

	@Test
	void unknownErrorHandlerIsReportedWithTheErrorHandlersThatExist(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, new Class<?>[] { UnknownErrorHandler.class }, NO_BROKER);
		assertThat(failed.description()).startsWith("@MqttListener 'orders' (bean '")
			.endsWith("names error handler 'orderErrors', but there is no MqttListenerErrorHandler bean of that name.");
		assertThat(failed.action()).isEqualTo("Declare an MqttListenerErrorHandler bean named 'orderErrors', or name "
				+ "one of the MqttListenerErrorHandler beans [orderErrorHandler] in errorHandler.");
	}

	@Test
	void duplicateListenerIdIsReportedWithBothListeners(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, new Class<?>[] { DuplicateIds.class }, NO_BROKER);
		assertThat(failed.description()).startsWith("Duplicate listener id 'telemetry': used by @MqttListener "
				+ "'telemetry' (bean '")
			.contains("DuplicateIds.onTemperature)")
			.contains("DuplicateIds.onHumidity)");
		assertThat(failed.action()).startsWith("Give each listener its own id with @MqttListener(id = ...)");
	}

	@Test
	void unknownConnectionIsReportedWithTheConnectionsThatExist(CapturedOutput output) {
		FailedStart failed = FailedStart.run(output, new Class<?>[] { UnknownConnection.class }, NO_BROKER,
				"--mqtt.connections.edge.server-uris=tcp://127.0.0.1:1");
		assertThat(failed.description()).startsWith("@MqttListener 'siteCommands' (bean '")
			.contains("subscribes on connection 'egde', but there is no connection of that name; the connections are "
					+ "[default, edge]");
		assertThat(failed.action()).isEqualTo("Define the connection with mqtt.connections.egde.server-uris, or name "
				+ "one of [default, edge] in @MqttListener(connection = ...).");
	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownConnection {

		@MqttListener(id = "siteCommands", topics = "site/commands", connection = "egde")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadFilter {

		@MqttListener(id = "badFilter", topics = "sensors/#/temperature")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualQos2 {

		@MqttListener(id = "payments", topics = "payments", qos = 2, ackMode = AckMode.MANUAL)
		void onMessage(String payload, MqttAcknowledgment acknowledgment) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownErrorHandler {

		@Bean
		MqttListenerErrorHandler orderErrorHandler() {
			return (message, exception) -> null;
		}

		@MqttListener(id = "orders", topics = "orders", errorHandler = "orderErrors")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIds {

		@MqttListener(id = "telemetry", topics = "sensors/temperature")
		void onTemperature(String payload) {
		}

		@MqttListener(id = "telemetry", topics = "sensors/humidity")
		void onHumidity(String payload) {
		}

	}

}
