package io.mqttspring.autoconfigure;

import io.mqttspring.connection.MqttCredentialsProvider;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttTransportFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;




/**
 * Auto-configuration of the application's shared MQTT connection, on the transport of the
 * configured client library and protocol version. The starter brings Eclipse Paho, whose
 * MQTTv5 client it needs at least.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(MqttAsyncClient.class)
@EnableConfigurationProperties(MqttProperties.class)
@Import({ PahoTransportConfiguration.class, HiveMqTransportConfiguration.class })
public final class MqttAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(MqttConnectionDetails.class)
	PropertiesMqttConnectionDetails mqttConnectionDetails(MqttProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesMqttConnectionDetails(properties, sslBundles.getIfAvailable(), "mqtt");
	}

	@Bean(MqttClientFactory.BEAN_NAME)
	@ConditionalOnMissingBean
	MqttClientFactory mqttClientFactory(MqttProperties properties,
			ObjectProvider<MqttTransportFactory> transportFactories,
			ObjectProvider<MqttCredentialsProvider> credentialsProvider, ObjectProvider<SslBundles> sslBundles,
			Environment environment) {
		return new MqttClientFactory(properties, transportFactories, credentialsProvider, sslBundles, environment);
	}

	// The default connection's: @Primary, since named connections have clients too
	@Bean
	@Primary
	@Qualifier(SharedMqttClient.DEFAULT_CONNECTION_NAME)
	@ConditionalOnMissingBean
	SharedMqttClient sharedMqttClient(MqttClientFactory factory, MqttConnectionDetails connectionDetails) {
		return factory.createDefault(connectionDetails);
	}

	@Bean
	static NamedMqttConnectionsRegistrar namedMqttConnectionsRegistrar(Environment environment) {
		return new NamedMqttConnectionsRegistrar(environment);
	}

}
