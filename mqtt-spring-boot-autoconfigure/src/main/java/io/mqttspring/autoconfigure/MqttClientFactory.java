package io.mqttspring.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.mqttspring.connection.MqttCredentials;
import io.mqttspring.connection.MqttCredentialsProvider;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportFactory;
import io.mqttspring.connection.transport.SocketFactoryTransport;
import io.mqttspring.connection.transport.TransportSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Creates the {@link SharedMqttClient} of each connection from its properties: the
 * default one ({@code mqtt.*}) and the named ones ({@code mqtt.connections.<name>.*}),
 * each on the transport of its client library and protocol version.
 */
public final class MqttClientFactory {

	/** The name of this factory's bean, which named connections' client beans come from. */
	public static final String BEAN_NAME = "mqttClientFactory";

	private static final Log logger = LogFactory.getLog(MqttClientFactory.class);

	// The libraries mqtt.transport can name, for a message when one is not on the class path
	private static final Map<String, String> LIBRARIES = Map.of("paho", "Eclipse Paho MQTT client", "hivemq",
			"HiveMQ MQTT client");

	private static final Map<String, String> DEPENDENCIES = Map.of("paho",
			"org.eclipse.paho:org.eclipse.paho.mqttv5.client (the starter brings it)", "hivemq",
			"com.hivemq:hivemq-mqtt-client (plus io.netty:netty-codec-http for ws:// and wss:// server URIs)");

	private final MqttProperties properties;

	private final ObjectProvider<MqttTransportFactory> transportFactories;

	private final ObjectProvider<MqttCredentialsProvider> credentialsProvider;

	private final ObjectProvider<SslBundles> sslBundles;

	private final Environment environment;

	// Client ids in use, by server URI: two connections with one id would take over each
	// other's session forever
	private final Map<String, String> clientIds = new ConcurrentHashMap<>();

	MqttClientFactory(MqttProperties properties, ObjectProvider<MqttTransportFactory> transportFactories,
			ObjectProvider<MqttCredentialsProvider> credentialsProvider, ObjectProvider<SslBundles> sslBundles,
			Environment environment) {
		this.properties = properties;
		this.transportFactories = transportFactories;
		this.credentialsProvider = credentialsProvider;
		this.sslBundles = sslBundles;
		this.environment = environment;
	}

	/**
	 * Create the client of the default connection.
	 * @param connectionDetails where to connect: from the properties or a service
	 * connection
	 * @return the client
	 */
	SharedMqttClient createDefault(MqttConnectionDetails connectionDetails) {
		return create(SharedMqttClient.DEFAULT_CONNECTION_NAME, this.properties, connectionDetails, "mqtt");
	}

	/**
	 * Create the client of a named connection.
	 * @param name the name under {@code mqtt.connections}
	 * @return the client
	 */
	public SharedMqttClient createNamed(String name) {
		String prefix = "mqtt.connections." + name;
		MqttConnectionProperties connection = this.properties.getConnections().get(name);
		if (connection == null || connection.getServerUris().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".server-uris", null,
					"The named connection '" + name + "' needs the URIs of its broker, e.g. " + prefix
							+ ".server-uris=tcp://edge:1883");
		}
		return create(name, connection, new PropertiesMqttConnectionDetails(connection,
				this.sslBundles.getIfAvailable(), prefix), prefix);
	}

	private SharedMqttClient create(String name, MqttConnectionProperties connection,
			MqttConnectionDetails connectionDetails, String prefix) {
		MqttProperties.Template template = this.properties.getTemplate();
		if (template.getMaxInFlight() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.max-in-flight",
					template.getMaxInFlight(), "At least one publish must be allowed in flight");
		}
		String clientId = clientId(connection);
		TransportSettings settings = new TransportSettingsFactory(connection, connectionDetails, prefix)
			.create(clientId, template.getMaxInFlight());
		claimClientId(name, prefix, clientId, settings.serverUris());
		MqttTransport transport = transportFactory(prefix, connection.getTransport(), settings.protocolVersion())
			.create(settings);
		SharedMqttClient client = new SharedMqttClient(transport, settings.serverUris(),
				reconnectBackOff(connection.getReconnect()), connection.getConnectionTimeout(), connection.isFailFast());
		client.setConnectionName(name);
		client.setCredentialsProvider(this.credentialsProvider.getIfAvailable(() -> defaultCredentials(connectionDetails)));
		applyBufferLimits(client, template);
		reconnectOnSslBundleUpdate(client, connection, connectionDetails);
		return client;
	}

	private String clientId(MqttConnectionProperties connection) {
		if (StringUtils.hasText(connection.getClientId())) {
			return connection.getClientId();
		}
		String prefix = this.environment.getProperty("spring.application.name", "mqtt-client");
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private void claimClientId(String name, String prefix, String clientId, List<String> serverUris) {
		for (String serverUri : serverUris) {
			String other = this.clientIds.putIfAbsent(clientId + " " + serverUri, name);
			if (other != null && !other.equals(name)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".client-id", clientId,
						"The connections '" + other + "' and '" + name + "' would both connect to " + serverUri
								+ " as '" + clientId + "' and take over each other's session forever. Give each "
								+ "connection its own client id");
			}
		}
	}

	// The library of mqtt.transport that speaks the protocol version
	private MqttTransportFactory transportFactory(String prefix, String name, MqttProtocolVersion version) {
		List<MqttTransportFactory> factories = this.transportFactories.orderedStream().toList();
		List<MqttTransportFactory> named = factories.stream()
			.filter((factory) -> factory.name().equalsIgnoreCase(name))
			.toList();
		if (named.isEmpty()) {
			throw missingLibrary(prefix, name, factories);
		}
		return named.stream()
			.filter((factory) -> factory.protocolVersions().contains(version))
			.findFirst()
			.orElseThrow(() -> unspokenVersion(prefix, name, version, named, factories));
	}

	private static UnavailableMqttTransportException missingLibrary(String prefix, String name,
			List<MqttTransportFactory> factories) {
		String available = factories.stream().map(MqttTransportFactory::name).distinct().collect(Collectors.joining(", "));
		String library = LIBRARIES.get(name.toLowerCase(Locale.ROOT));
		if (library == null) {
			return new UnavailableMqttTransportException(prefix + ".transport", name,
					"There is no MQTT client library named '" + name + "' (" + prefix + ".transport).",
					"Set " + prefix + ".transport to one of the libraries on the class path: " + available + ".");
		}
		return new UnavailableMqttTransportException(prefix + ".transport", name,
				prefix + ".transport=" + name + " asks for the " + library + ", which is not on the class path.",
				"Add the dependency " + DEPENDENCIES.get(name.toLowerCase(Locale.ROOT)) + " to the application, or "
						+ "choose a library on the class path (" + available + ") with " + prefix + ".transport.");
	}

	private static UnavailableMqttTransportException unspokenVersion(String prefix, String name,
			MqttProtocolVersion version, List<MqttTransportFactory> named, List<MqttTransportFactory> factories) {
		String spoken = named.stream()
			.flatMap((factory) -> factory.protocolVersions().stream())
			.map(MqttProtocolVersion::value)
			.distinct()
			.sorted()
			.collect(Collectors.joining(" and "));
		String library = LIBRARIES.getOrDefault(name.toLowerCase(Locale.ROOT), "'" + name + "' transport");
		List<String> alternatives = factories.stream()
			.filter((factory) -> factory.protocolVersions().contains(version))
			.map(MqttTransportFactory::name)
			.distinct()
			.toList();
		String action = alternatives.isEmpty()
				? "Set " + prefix + ".protocol-version to " + spoken.replace(" and ", " or ") + ", or add the client library that speaks "
						+ version + " (" + version + " over Paho needs org.eclipse.paho:org.eclipse.paho.client.mqttv3)."
				: "Use " + prefix + ".transport=" + alternatives.get(0) + " for " + version + ", or set " + prefix
						+ ".protocol-version to " + spoken.replace(" and ", " or ") + " if the broker speaks it.";
		return new UnavailableMqttTransportException(prefix + ".protocol-version", version.value(),
				"The " + library + " (" + prefix + ".transport=" + name + ") does not speak " + version + " ("
						+ prefix + ".protocol-version=" + version.value() + "); it speaks " + spoken + ".",
				action);
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
	private void reconnectOnSslBundleUpdate(SharedMqttClient client, MqttConnectionProperties connection,
			MqttConnectionDetails connectionDetails) {
		String bundleName = connection.getSsl().getBundle();
		if (!(connectionDetails instanceof PropertiesMqttConnectionDetails)
				|| !(client.getTransport() instanceof SocketFactoryTransport transport)
				|| !(transport.getSocketFactory() instanceof SslBundleSocketFactory)) {
			return;
		}
		this.sslBundles.getObject().addBundleUpdateHandler(bundleName, (bundle) -> {
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
			transport.setSocketFactory(socketFactory);
			client.reconnect();
		});
	}

	private static ExponentialBackOff reconnectBackOff(MqttConnectionProperties.Reconnect reconnect) {
		long minDelay = reconnect.getMinDelay().toMillis();
		ExponentialBackOff backOff = new ExponentialBackOff(minDelay, 2.0);
		backOff.setMaxInterval(reconnect.getMaxDelay().toMillis());
		// Spread reconnects so that a fleet of clients does not hit a restarted broker at once
		backOff.setJitter(minDelay / 2);
		return backOff;
	}

}
