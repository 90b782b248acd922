package io.mqttspring.benchmarks.starter;

import io.mqttspring.benchmarks.Inbox;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application as a user of the starter writes it: auto-configuration, a listener bean,
 * and {@link io.mqttspring.core.MqttTemplate} injected where it publishes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StarterBenchmarkApplication {

	@Bean
	Inbox inbox() {
		return new Inbox();
	}

	@Bean
	StarterListeners starterListeners(Inbox inbox) {
		return new StarterListeners(inbox);
	}

}
