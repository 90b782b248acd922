package io.mqttspring.docs.connections;

import io.mqttspring.autoconfigure.MqttConnectionOptionsCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Paho connection options without a property, for docs/connections.md.
 */
// tag::options-customizer[]
@Configuration(proxyBeanMethods = false)
public class ReceiveLimits {

	@Bean
	MqttConnectionOptionsCustomizer receiveLimitsCustomizer() {
		return (options) -> {
			// The broker drops messages larger than 256 KiB instead of sending them
			options.setMaximumPacketSize(256L * 1024);
			// Topic aliases shorten repeated topic names on the wire
			options.setTopicAliasMaximum(10);
		};
	}

}
// end::options-customizer[]
