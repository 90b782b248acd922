package io.mqttspring.aot;

import java.io.IOException;
import java.util.List;
import java.util.ResourceBundle;

import io.mqttspring.aot.PahoRuntimeHints.PahoClient;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PahoRuntimeHints}.
 */
class PahoRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void mqttv5ResourceBundlesOfLoggersAndExceptionMessagesAreRegistered() {
		new PahoRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.mqttv5.client.internal.nls.logcat"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.mqttv5.common.nls.messages"))
			.accepts(this.hints);
	}

	@Test
	void mqttv5LoggerCreatedByClassNameIsRegisteredForItsConstructor() {
		new PahoRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.eclipse.paho.mqttv5.client.logging.JSR47Logger"))
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void mqttv5NetworkModulesFoundByServiceLoaderAreRegisteredWithTheirServiceFile() {
		new PahoRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("META-INF/services/org.eclipse.paho.mqttv5.client.spi.NetworkModuleFactory"))
			.accepts(this.hints);
		assertThat(List.of("org.eclipse.paho.mqttv5.client.internal.TCPNetworkModuleFactory",
				"org.eclipse.paho.mqttv5.client.internal.SSLNetworkModuleFactory",
				"org.eclipse.paho.mqttv5.client.websocket.WebSocketNetworkModuleFactory",
				"org.eclipse.paho.mqttv5.client.websocket.WebSocketSecureNetworkModuleFactory"))
			.allSatisfy((factory) -> assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(factory))
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints));
	}

	@Test
	void mqttv3BundlesLoggerMessageCatalogAndNetworkModulesAreRegisteredWhenItIsOnTheClassPath() {
		new PahoRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.client.mqttv3.internal.nls.logcat"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.client.mqttv3.internal.nls.messages"))
			.accepts(this.hints);
		assertThat(List.of("org.eclipse.paho.client.mqttv3.logging.JSR47Logger",
				"org.eclipse.paho.client.mqttv3.internal.ResourceBundleCatalog",
				"org.eclipse.paho.client.mqttv3.internal.TCPNetworkModuleFactory",
				"org.eclipse.paho.client.mqttv3.internal.SSLNetworkModuleFactory",
				"org.eclipse.paho.client.mqttv3.internal.websocket.WebSocketNetworkModuleFactory",
				"org.eclipse.paho.client.mqttv3.internal.websocket.WebSocketSecureNetworkModuleFactory"))
			.allSatisfy((type) -> assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(type))
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints));
		assertThat(RuntimeHintsPredicates.reflection().onType(ResourceBundle.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("META-INF/services/org.eclipse.paho.client.mqttv3.spi.NetworkModuleFactory"))
			.accepts(this.hints);
	}

	@Test
	void mqttv3HintsAreLeftOutWithoutPahoMqttv3OnTheClassPath() throws IOException {
		try (FilteredClassLoader withoutMqttv3 = new FilteredClassLoader("org.eclipse.paho.client.mqttv3")) {
			new PahoRuntimeHints().registerHints(this.hints, withoutMqttv3);
		}
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.client.mqttv3.internal.nls.logcat"))
			.rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("org.eclipse.paho.client.mqttv3.logging.JSR47Logger"))).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.mqttv5.client.internal.nls.logcat"))
			.accepts(this.hints);
	}

	@Test
	void everyNamedBundleAndClassExistsInThePahoJarsSoNoHintIsAMisspelling() {
		ClassLoader classLoader = getClass().getClassLoader();
		for (PahoClient client : List.of(PahoRuntimeHints.MQTTV5, PahoRuntimeHints.MQTTV3)) {
			assertThat(client.resourceBundles())
				.allSatisfy((bundle) -> assertThat(ResourceBundle.getBundle(bundle).keySet()).isNotEmpty());
			assertThat(client.instantiatedByName()).allSatisfy((type) -> assertThat(
					ClassUtils.resolveClassName(type, classLoader).getConstructor().getParameterCount()).isZero());
			assertThat(client.loadedByName())
				.allSatisfy((type) -> assertThat(ClassUtils.isPresent(type, classLoader)).isTrue());
			assertThat(classLoader.getResource("META-INF/services/" + client.networkModuleFactory())).isNotNull();
		}
	}

	@Test
	void registrarIsListedInAotFactoriesSoSpringAotAppliesIt() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anySatisfy((registrar) -> assertThat(registrar).isInstanceOf(PahoRuntimeHints.class));
	}

}
