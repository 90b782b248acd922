package io.mqttspring.docs.connections;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/connections.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ConnectionsSnippetsTests {

	@Test
	void connectionOptionsCustomizerSetsTheReceiveLimitsOfTheConnection() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(ReceiveLimits.class, EchoListener.class)
			.run((context) -> {
				MqttConnectionOptions options = MqttContexts.pahoOptions(context);
				assertThat(options.getReceiveMaximum()).isEqualTo(100);
				assertThat(options.getMaximumPacketSize()).isEqualTo(256L * 1024);
				EchoListener.assertRoundTrip(context, "within the limits");
			});
	}

	@Test
	void connectionDetailsBeanTakesTheBrokerFromThePlatformVariablesInsteadOfTheProperties() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withPropertyValues("PLATFORM_MQTT_URI=" + EmbeddedHiveMq.uri())
			.withUserConfiguration(PlatformBroker.class, EchoListener.class)
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "through the platform's broker");
				assertThat(context.getBean(SharedMqttClient.class).getStatus().serverUri())
					.isEqualTo(EmbeddedHiveMq.uri());
			});
	}

}
