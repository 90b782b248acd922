package io.mqttspring.testsupport;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded HiveMQ CE broker for the whole test run, started by the first test class
 * that uses it ({@code @ExtendWith(EmbeddedHiveMq.class)}) and stopped when the test
 * run ends.
 */
public final class EmbeddedHiveMq implements BeforeAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedHiveMq.class);

	private static volatile EmbeddedMqttBroker broker;

	@Override
	public void beforeAll(ExtensionContext context) {
		broker = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("broker", (key) -> EmbeddedMqttBroker.start(0), EmbeddedMqttBroker.class);
	}

	/**
	 * The URI of the shared broker.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public static String uri() {
		return broker.getServerUri();
	}

	/**
	 * The port of the shared broker.
	 * @return the port
	 */
	public static int port() {
		return broker.getPort();
	}

}
