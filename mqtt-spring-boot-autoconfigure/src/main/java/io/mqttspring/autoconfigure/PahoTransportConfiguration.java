package io.mqttspring.autoconfigure;

import io.mqttspring.connection.transport.pahov3.PahoV3TransportFactory;
import io.mqttspring.connection.transport.pahov5.PahoV5TransportFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The transports on Eclipse Paho: MQTTv5 for MQTT 5, MQTTv3 for MQTT 3.1.1 and 3.1, each
 * when its client is on the class path, with the customizers of its own options.
 */
@Configuration(proxyBeanMethods = false)
class PahoTransportConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MqttAsyncClient.class)
	static class PahoV5Configuration {

		@Bean
		@ConditionalOnMissingBean
		PahoV5TransportFactory pahoV5TransportFactory(ObjectProvider<MqttConnectionOptionsCustomizer> customizers) {
			return new PahoV5TransportFactory(
					(options) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(options)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.eclipse.paho.client.mqttv3.MqttAsyncClient")
	static class PahoV3Configuration {

		@Bean
		@ConditionalOnMissingBean
		PahoV3TransportFactory pahoV3TransportFactory(ObjectProvider<MqttConnectOptionsCustomizer> customizers) {
			return new PahoV3TransportFactory(
					(options) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(options)));
		}

	}

}
