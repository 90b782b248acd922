package io.mqttspring.benchmarks.startup;

import io.mqttspring.benchmarks.integration.SpringIntegrationBenchmarkApplication;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The same application without the starter: a client manager, an outbound handler behind
 * a channel, and one inbound adapter with its handler.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class IntegrationStartupApplication {

	static volatile Runnable onConnected = () -> {
	};

	@Bean
	Mqttv5ClientManager mqttClientManager(@Value("${bench.server-uri}") String serverUri,
			@Value("${bench.client-id}") String clientId) {
		Mqttv5ClientManager clientManager = SpringIntegrationBenchmarkApplication.clientManager(serverUri, clientId);
		clientManager.addCallback((reconnect) -> onConnected.run());
		return clientManager;
	}

	@Bean
	MessageChannel mqttOutbound() {
		return new DirectChannel();
	}

	@Bean
	@ServiceActivator(inputChannel = "mqttOutbound")
	MessageHandler mqttOutboundHandler(Mqttv5ClientManager clientManager) {
		return new Mqttv5PahoMessageHandler(clientManager);
	}

	@Bean
	IntegrationFlow mqttInbound(Mqttv5ClientManager clientManager) {
		return IntegrationFlow.from(new Mqttv5PahoMessageDrivenChannelAdapter(clientManager, "bench/startup/si/#"))
			.handle((MessageHandler) (message) -> {
			})
			.get();
	}

}
