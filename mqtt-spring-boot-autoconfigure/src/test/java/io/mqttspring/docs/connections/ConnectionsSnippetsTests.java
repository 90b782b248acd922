package io.mqttspring.docs.connections;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/connections.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ConnectionsSnippetsTests {

	@Test
	void connectionOptionsCustomizerSetsOptionsThatHaveNoProperty() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(ReceiveLimits.class, EchoListener.class)
			.run((context) -> {
				MqttConnectionOptions options = MqttContexts.pahoOptions(context);
				assertThat(options.getMaximumPacketSize()).isEqualTo(256L * 1024);
				assertThat(options.getTopicAliasMaximum()).isEqualTo(10);
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

	@Test
	void aBridgeListenerOnTheEdgeConnectionRepublishesOnTheDefaultConnection() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withPropertyValues("mqtt.connections.edge.server-uris=" + EmbeddedHiveMq.uri())
			.withUserConfiguration(EdgeBridge.class, EdgeCommands.class, CloudTelemetry.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "sites/berlin/telemetry/+");
				SharedMqttClient edge = context.getBean("edgeMqttClient", SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> edge.isSubscribed("telemetry/#"));
				context.getBean("edgeMqttTemplate", MqttTemplate.class).publish("telemetry/dev-1", "21.5");
				assertThat(context.getBean(CloudTelemetry.class).received.poll(10, TimeUnit.SECONDS)).isEqualTo("21.5");
				assertThat(context.getBean(EdgeCommands.class)).isNotNull();
			});
	}

	@Test
	void theCredentialsProviderIssuesATokenForEveryConnectAttempt() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withBean(FixedTokenService.class)
			.withUserConfiguration(TokenCredentials.class, EchoListener.class)
			.run((context) -> EchoListener.assertRoundTrip(context, "with a token"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CloudTelemetry {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "sites/berlin/telemetry/+")
		void onTelemetry(String payload) {
			this.received.add(payload);
		}

	}

}
