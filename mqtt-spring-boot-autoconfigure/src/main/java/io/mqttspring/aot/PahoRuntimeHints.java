package io.mqttspring.aot;

import java.util.List;
import java.util.ServiceLoader;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * {@link RuntimeHintsRegistrar} for what the Eclipse Paho clients load by name, which a
 * native image cannot see: the resource bundles of their loggers and exception messages,
 * the logger class they instantiate reflectively, the message catalog of the MQTTv3 client,
 * and the network modules ({@code tcp://}, {@code ssl://}, {@code ws://}, {@code wss://})
 * that they find with {@link ServiceLoader}. Each client's hints are registered only when
 * that client is on the class path.
 */
class PahoRuntimeHints implements RuntimeHintsRegistrar {

	static final PahoClient MQTTV5 = new PahoClient("org.eclipse.paho.mqttv5.client.MqttAsyncClient",
			"org.eclipse.paho.mqttv5.client.spi.NetworkModuleFactory",
			// LoggerFactory.MQTT_CLIENT_MSG_CAT: every logger of the client; MqttException.getMessage()
			List.of("org.eclipse.paho.mqttv5.client.internal.nls.logcat",
					"org.eclipse.paho.mqttv5.common.nls.messages"),
			// LoggerFactory: Class.forName(...).newInstance()
			List.of("org.eclipse.paho.mqttv5.client.logging.JSR47Logger"), List.of());

	static final PahoClient MQTTV3 = new PahoClient("org.eclipse.paho.client.mqttv3.MqttAsyncClient",
			"org.eclipse.paho.client.mqttv3.spi.NetworkModuleFactory",
			// LoggerFactory.MQTT_CLIENT_MSG_CAT; ResourceBundleCatalog for MqttException.getMessage()
			List.of("org.eclipse.paho.client.mqttv3.internal.nls.logcat",
					"org.eclipse.paho.client.mqttv3.internal.nls.messages"),
			// LoggerFactory and MessageCatalog: Class.forName(...).newInstance()
			List.of("org.eclipse.paho.client.mqttv3.logging.JSR47Logger",
					"org.eclipse.paho.client.mqttv3.internal.ResourceBundleCatalog"),
			// MessageCatalog picks ResourceBundleCatalog only if Class.forName finds this type;
			// otherwise every MqttException message fails with a NullPointerException
			List.of("java.util.ResourceBundle"));

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		for (PahoClient client : List.of(MQTTV5, MQTTV3)) {
			if (ClassUtils.isPresent(client.clientClass(), classLoader)) {
				register(hints, classLoader, client);
			}
		}
	}

	private static void register(RuntimeHints hints, ClassLoader classLoader, PahoClient client) {
		client.resourceBundles().forEach(hints.resources()::registerResourceBundle);
		client.instantiatedByName()
			.forEach((type) -> hints.reflection()
				.registerType(TypeReference.of(type), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
		client.loadedByName().forEach((type) -> hints.reflection().registerType(TypeReference.of(type)));
		hints.resources().registerPattern("META-INF/services/" + client.networkModuleFactory());
		// What ServiceLoader finds now, on the class path the image is built from, is what
		// it has to instantiate at run time: Paho's own modules and any added ones
		Class<?> factoryType = ClassUtils.resolveClassName(client.networkModuleFactory(), classLoader);
		ServiceLoader.load(factoryType, classLoader)
			.stream()
			.forEach((provider) -> hints.reflection()
				.registerType(provider.type(), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
	}

	/**
	 * What one Paho client loads by name.
	 *
	 * @param clientClass a class that tells whether the client is on the class path
	 * @param networkModuleFactory the service interface of its network modules
	 * @param resourceBundles the resource bundles it loads
	 * @param instantiatedByName the classes it instantiates through their public no-argument
	 * constructor
	 * @param loadedByName the classes it only looks up with {@code Class.forName}
	 */
	record PahoClient(String clientClass, String networkModuleFactory, List<String> resourceBundles,
			List<String> instantiatedByName, List<String> loadedByName) {
	}

}
