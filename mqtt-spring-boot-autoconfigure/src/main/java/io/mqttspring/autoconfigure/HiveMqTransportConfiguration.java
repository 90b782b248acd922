package io.mqttspring.autoconfigure;

import io.mqttspring.connection.transport.hivemq.HiveMqTransportFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The transport on the HiveMQ MQTT client ({@code mqtt.transport=hivemq}), when the
 * application has the client ({@code com.hivemq:hivemq-mqtt-client}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.hivemq.client.mqtt.MqttClient")
class HiveMqTransportConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HiveMqTransportFactory hiveMqTransportFactory() {
		return new HiveMqTransportFactory();
	}

}
