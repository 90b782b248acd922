package io.mqttspring.benchmarks.startup;

import io.mqttspring.connection.MqttConnectedEvent;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * A small application with the starter: a publisher holding the template and one listener.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StarterStartupApplication {

	static volatile Runnable onConnected = () -> {
	};

	@Bean
	Publisher publisher(MqttTemplate template) {
		return new Publisher(template);
	}

	@Bean
	Listener listener() {
		return new Listener();
	}

	@Bean
	ApplicationListener<MqttConnectedEvent> connectedListener() {
		return (event) -> onConnected.run();
	}

	record Publisher(MqttTemplate template) {
	}

	static class Listener {

		@MqttListener(topics = "bench/startup/starter/#")
		public void onMessage(byte[] payload) {
		}

	}

}
