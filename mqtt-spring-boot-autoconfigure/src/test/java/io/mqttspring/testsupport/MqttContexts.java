package io.mqttspring.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.autoconfigure.embedded.MqttEmbeddedBrokerAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.TransportSettings;
import io.mqttspring.connection.transport.pahov5.PahoV5Transport;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.util.backoff.FixedBackOff;

import static org.awaitility.Awaitility.await;

/**
 * Application contexts with the MQTT auto-configuration, as an application has them.
 */
public final class MqttContexts {

	private MqttContexts() {
	}

	/**
	 * A runner with all MQTT auto-configurations, connecting to the given broker with
	 * short reconnect delays.
	 * @param serverUri the broker URI
	 * @return the runner
	 */
	public static ApplicationContextRunner runner(String serverUri) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IntegrationAutoConfiguration.class,
					SslAutoConfiguration.class, MqttAutoConfiguration.class,
					MqttTemplateAutoConfiguration.class, MqttListenerAutoConfiguration.class,
					MqttEmbeddedBrokerAutoConfiguration.class))
			.withPropertyValues("mqtt.server-uris=" + serverUri, "mqtt.reconnect.min-delay=100ms",
					"mqtt.reconnect.max-delay=1s", "mqtt.connection-timeout=5s", "mqtt.template.publish-timeout=10s");
	}

	/**
	 * A shared client on the Paho MQTTv5 transport with default settings, outside any
	 * context; not started.
	 * @param clientId the client id
	 * @param serverUris the broker URIs
	 * @return the client
	 */
	public static SharedMqttClient pahoV5Client(String clientId, String... serverUris) {
		TransportSettings settings = new TransportSettings(clientId, List.of(serverUris), MqttProtocolVersion.MQTT_5,
				true, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), null, null, true, Map.of(), 1000, 100);
		return new SharedMqttClient(new PahoV5Transport(settings, (options) -> {
		}), List.of(serverUris), new FixedBackOff(100), Duration.ofSeconds(5), false);
	}

	/**
	 * The Paho MQTTv5 options of a client on the Paho MQTTv5 transport.
	 * @param client the client
	 * @return Paho's options
	 */
	public static MqttConnectionOptions pahoOptions(SharedMqttClient client) {
		return ((PahoV5Transport) client.getTransport()).getConnectionOptions();
	}

	/**
	 * The Paho MQTTv5 options of the shared client of a context.
	 * @param context the context
	 * @return Paho's options
	 */
	public static MqttConnectionOptions pahoOptions(ApplicationContext context) {
		return pahoOptions(context.getBean(SharedMqttClient.class));
	}

	/**
	 * Wait until the shared client is connected.
	 * @param context the context
	 */
	public static void awaitConnected(ApplicationContext context) {
		SharedMqttClient client = context.getBean(SharedMqttClient.class);
		await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
	}

	/**
	 * Wait until the shared client is connected and the broker confirmed each filter.
	 * @param context the context
	 * @param topicFilters the filters
	 */
	public static void awaitSubscribed(ApplicationContext context, String... topicFilters) {
		SharedMqttClient client = context.getBean(SharedMqttClient.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			for (String topicFilter : topicFilters) {
				if (!client.isSubscribed(topicFilter)) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Cut the connection at the proxy in front of the broker, and restore it once the
	 * client noticed; returns when the client reconnected.
	 * @param proxy the proxy the client connects through
	 * @param context the context of the client
	 */
	public static void cutAndAwaitReconnect(TcpProxy proxy, ApplicationContext context) {
		SharedMqttClient client = context.getBean(SharedMqttClient.class);
		long reconnects = client.getStatus().reconnects();
		proxy.cut();
		await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
		proxy.restore();
		await().atMost(Duration.ofSeconds(10)).until(() -> client.getStatus().reconnects() == reconnects + 1);
	}

}
