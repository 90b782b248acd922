package io.mqttspring.autoconfigure;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.mqttspring.connection.MqttCredentials;
import io.mqttspring.connection.MqttCredentialsProvider;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportFactory;
import io.mqttspring.connection.transport.SocketFactoryTransport;
import io.mqttspring.connection.transport.TransportSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Auto-configuration of the application's shared MQTT connection, on the transport of the
 * configured client library and protocol version. The starter brings Eclipse Paho, whose
 * MQTTv5 client it needs at least.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(MqttAsyncClient.class)
@EnableConfigurationProperties(MqttProperties.class)
@Import(PahoTransportConfiguration.class)
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
			ObjectProvider<MqttTransportFactory> transportFactories,
			ObjectProvider<MqttCredentialsProvider> credentialsProvider, ObjectProvider<SslBundles> sslBundles,
			Environment environment) {
		MqttProperties.Template template = properties.getTemplate();
		if (template.getMaxInFlight() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.max-in-flight",
					template.getMaxInFlight(), "At least one publish must be allowed in flight");
		}
		TransportSettings settings = new TransportSettingsFactory(properties, connectionDetails, "mqtt")
			.create(clientId(properties, environment), template.getMaxInFlight());
		MqttTransport transport = transportFactory(transportFactories.orderedStream().toList(),
				properties.getTransport(), settings.protocolVersion())
			.create(settings);
		SharedMqttClient client = new SharedMqttClient(transport, settings.serverUris(),
				reconnectBackOff(properties.getReconnect()), properties.getConnectionTimeout(), properties.isFailFast());
		client.setCredentialsProvider(credentialsProvider.getIfAvailable(() -> defaultCredentials(connectionDetails)));
		applyBufferLimits(client, template);
		reconnectOnSslBundleUpdate(client, properties, connectionDetails, sslBundles);
		return client;
	}

	// The library of mqtt.transport that speaks the protocol version
	private static MqttTransportFactory transportFactory(List<MqttTransportFactory> factories, String name,
			MqttProtocolVersion version) {
		List<MqttTransportFactory> named = factories.stream()
			.filter((factory) -> factory.name().equalsIgnoreCase(name))
			.toList();
		if (named.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("mqtt.transport", name,
					"No MQTT client library of that name is on the class path; available: " + factories.stream()
						.map(MqttTransportFactory::name)
						.distinct()
						.collect(Collectors.joining(", ")));
		}
		return named.stream()
			.filter((factory) -> factory.protocolVersions().contains(version))
			.findFirst()
			.orElseThrow(() -> new InvalidConfigurationPropertyValueException("mqtt.protocol-version", version.value(),
					"The '" + name + "' transport does not speak " + version + " (or its client library is not on "
							+ "the class path); it speaks " + named.stream()
								.flatMap((factory) -> factory.protocolVersions().stream())
								.map(MqttProtocolVersion::value)
								.sorted()
								.collect(Collectors.joining(", "))));
	}

	private static MqttCredentialsProvider defaultCredentials(MqttConnectionDetails connectionDetails) {
		String username = connectionDetails.getUsername();
		String password = connectionDetails.getPassword();
		MqttCredentials credentials = (username != null || password != null)
				? new MqttCredentials(username, (password != null) ? password.toCharArray() : null) : null;
		return (connectionName) -> credentials;
	}

	private static void applyBufferLimits(SharedMqttClient client, MqttProperties.Template template) {
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
				|| !(client.getTransport() instanceof SocketFactoryTransport transport)
				|| !(transport.getSocketFactory() instanceof SslBundleSocketFactory)) {
			return;
		}
		sslBundles.getObject().addBundleUpdateHandler(bundleName, (bundle) -> {
			SslBundleSocketFactory socketFactory;
			try {
				socketFactory = SslBundleSocketFactory.of(bundle);
			}
			catch (RuntimeException ex) {
				logger.error("SSL bundle '" + bundleName + "' was updated but cannot be used ("
						+ FailureMessages.describe(ex) + "); the MQTT client keeps its current TLS material");
				return;
			}
			logger.info("SSL bundle '" + bundleName + "' was updated; reconnecting to the MQTT broker with it");
			transport.setSocketFactory(socketFactory);
			client.reconnect();
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
