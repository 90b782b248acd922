package io.mqttspring.autoconfigure;

import java.util.UUID;

import io.mqttspring.connection.SharedMqttClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Auto-configuration of the application's shared MQTT connection.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(MqttAsyncClient.class)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MqttAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(MqttConnectionDetails.class)
	PropertiesMqttConnectionDetails mqttConnectionDetails(MqttProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesMqttConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	SharedMqttClient sharedMqttClient(MqttProperties properties, MqttConnectionDetails connectionDetails,
			ObjectProvider<MqttConnectionOptionsCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			Environment environment) {
		MqttConnectionOptions options = new MqttConnectionOptionsFactory(properties, connectionDetails).create();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));
		SharedMqttClient client = new SharedMqttClient(clientId(properties, environment), options,
				reconnectBackOff(properties.getReconnect()), properties.isFailFast());
		applyPublishLimits(client, properties.getTemplate());
		reconnectOnSslBundleUpdate(client, properties, connectionDetails, sslBundles);
		return client;
	}

	private static void applyPublishLimits(SharedMqttClient client, MqttProperties.Template template) {
		if (template.getMaxInFlight() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.max-in-flight",
					template.getMaxInFlight(), "At least one publish must be allowed in flight");
		}
		MqttProperties.Buffer buffer = template.getBuffer();
		if (buffer.getMaxMessages() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.buffer.max-messages",
					buffer.getMaxMessages(), "The outbound buffer must hold at least one message");
		}
		if (buffer.getMaxBytes().toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.buffer.max-bytes",
					buffer.getMaxBytes(), "The outbound buffer must hold at least one byte");
		}
		if (template.getMaxBlock().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.max-block", template.getMaxBlock(),
					"The time a publish waits for room must be 0 (fail at once) or positive");
		}
		client.setMaxInFlight(template.getMaxInFlight());
		client.setBufferLimits(buffer.getMaxMessages(), buffer.getMaxBytes().toBytes(), template.getMaxBlock());
	}

	// Renewed certificates (spring.ssl.bundle.*.reload-on-update) take effect at once,
	// unless the bundle is not the properties' or a customizer replaced its socket factory
	private static void reconnectOnSslBundleUpdate(SharedMqttClient client, MqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<SslBundles> sslBundles) {
		String bundleName = properties.getSsl().getBundle();
		if (!(connectionDetails instanceof PropertiesMqttConnectionDetails)
				|| !(client.getConnectionOptions().getSocketFactory() instanceof SslBundleSocketFactory)) {
			return;
		}
		sslBundles.getObject().addBundleUpdateHandler(bundleName, (bundle) -> {
			SslBundleSocketFactory socketFactory;
			try {
				socketFactory = SslBundleSocketFactory.of(bundle);
			}
			catch (RuntimeException ex) {
				logger.error("SSL bundle '" + bundleName + "' was updated but cannot be used (" + ex.getMessage()
						+ "); the MQTT client keeps its current TLS material");
				return;
			}
			logger.info("SSL bundle '" + bundleName + "' was updated; reconnecting to the MQTT broker with it");
			client.reconnectWithSocketFactory(socketFactory);
		});
	}

	private static String clientId(MqttProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getClientId())) {
			return properties.getClientId();
		}
		String prefix = environment.getProperty("spring.application.name", "mqtt-client");
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static ExponentialBackOff reconnectBackOff(MqttProperties.Reconnect reconnect) {
		long minDelay = reconnect.getMinDelay().toMillis();
		ExponentialBackOff backOff = new ExponentialBackOff(minDelay, 2.0);
		backOff.setMaxInterval(reconnect.getMaxDelay().toMillis());
		// Spread reconnects so that a fleet of clients does not hit a restarted broker at once
		backOff.setJitter(minDelay / 2);
		return backOff;
	}

}
