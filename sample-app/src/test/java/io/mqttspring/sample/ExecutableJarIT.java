package io.mqttspring.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executable jar that the build makes, as the application is deployed, leaves the
 * embedded broker out: HiveMQ CE embedded is a test dependency, for the tests and for local
 * runs with {@code spring-boot:test-run} only, as docs/connections.md shows.
 */
class ExecutableJarIT {

	private static final String LIBRARIES = "BOOT-INF/lib/";

	@Test
	void executableJarHasTheStarterButNeitherHiveMqNorItsBrokerStack() throws IOException {
		List<String> libraries = new ArrayList<>();
		List<String> withHiveMqClasses = new ArrayList<>();
		try (JarFile jar = new JarFile(Path.of(System.getProperty("sample.jar")).toFile())) {
			for (JarEntry entry : jar.stream().filter((entry) -> isLibrary(entry.getName())).toList()) {
				String library = entry.getName().substring(LIBRARIES.length());
				libraries.add(library);
				if (hasHiveMqClasses(jar.getInputStream(entry))) {
					withHiveMqClasses.add(library);
				}
			}
		}
		assertThat(libraries).anyMatch((library) -> library.startsWith("mqtt-spring-boot-autoconfigure-"))
			.anyMatch((library) -> library.startsWith("org.eclipse.paho.mqttv5.client-"))
			.noneMatch((library) -> library.startsWith("hivemq-"))
			// The broker's network stack and storage, which nothing else of the sample uses
			.noneMatch((library) -> library.startsWith("netty-"))
			.noneMatch((library) -> library.startsWith("rocksdbjni-"));
		assertThat(withHiveMqClasses).isEmpty();
	}

	private static boolean isLibrary(String name) {
		return name.startsWith(LIBRARIES) && name.endsWith(".jar");
	}

	private static boolean hasHiveMqClasses(InputStream library) throws IOException {
		try (JarInputStream entries = new JarInputStream(library)) {
			for (JarEntry entry = entries.getNextJarEntry(); entry != null; entry = entries.getNextJarEntry()) {
				if (entry.getName().startsWith("com/hivemq/")) {
					return true;
				}
			}
			return false;
		}
	}

}
