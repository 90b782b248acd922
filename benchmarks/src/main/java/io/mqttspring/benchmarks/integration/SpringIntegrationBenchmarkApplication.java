package io.mqttspring.benchmarks.integration;

import java.util.concurrent.Semaphore;

import io.mqttspring.benchmarks.raw.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The same application without the starter, wired by hand the way the Spring Integration
 * reference shows it: one {@link Mqttv5ClientManager} shared by a
 * {@link Mqttv5PahoMessageHandler} behind a channel and by the message-driven channel
 * adapters. The adapters are registered per scenario through the
 * {@link org.springframework.integration.dsl.context.IntegrationFlowContext}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SpringIntegrationBenchmarkApplication {

	/** The starter's auto-configurations, excluded: this is the application without it. */
	public static final String EXCLUDE_STARTER = "spring.autoconfigure.exclude="
			+ "io.mqttspring.autoconfigure.MqttAutoConfiguration,"
			+ "io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration,"
			+ "io.mqttspring.autoconfigure.MqttListenerAutoConfiguration,"
			+ "io.mqttspring.autoconfigure.embedded.MqttEmbeddedBrokerAutoConfiguration,"
			+ "io.mqttspring.autoconfigure.health.MqttHealthContributorAutoConfiguration,"
			+ "io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration";

	@Bean
	Mqttv5ClientManager mqttClientManager(@Value("${bench.server-uri}") String serverUri,
			@Value("${bench.client-id}") String clientId) {
		return clientManager(serverUri, clientId);
	}

	/**
	 * The client manager as a user would configure it: automatic reconnect, and
	 * {@code TCP_NODELAY} as every implementation here has.
	 * @param serverUri the broker
	 * @param clientId the client id
	 * @return the client manager
	 */
	public static Mqttv5ClientManager clientManager(String serverUri, String clientId) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { serverUri });
		options.setAutomaticReconnect(true);
		options.setSocketFactory(new NoDelaySocketFactory());
		return new Mqttv5ClientManager(options, clientId);
	}

	@Bean
	MessageChannel mqttOutbound() {
		return new DirectChannel();
	}

	@Bean
	@ServiceActivator(inputChannel = "mqttOutbound")
	MessageHandler mqttOutboundHandler(Mqttv5ClientManager clientManager, @Value("${bench.async}") boolean async) {
		Mqttv5PahoMessageHandler handler = new Mqttv5PahoMessageHandler(clientManager);
		handler.setAsync(async);
		// Delivery events: the only way to learn when an async publish completed
		handler.setAsyncEvents(async);
		return handler;
	}

	/**
	 * Objects are sent as JSON through a transformer: the handler passes only {@code byte[]}
	 * and {@code String} payloads through, and gives anything else to its message
	 * converter's {@code fromMessage(message, byte[].class)}, which does not serialize.
	 * @return the flow from {@code mqttOutboundJson} to {@code mqttOutbound}
	 */
	@Bean
	IntegrationFlow jsonToMqtt() {
		return IntegrationFlow.from("mqttOutboundJson").transform(Transformers.toJson()).channel("mqttOutbound").get();
	}

	@Bean
	DeliveryWindow deliveryWindow(@Value("${bench.window}") int window) {
		return new DeliveryWindow(new Semaphore(window), window);
	}

}
