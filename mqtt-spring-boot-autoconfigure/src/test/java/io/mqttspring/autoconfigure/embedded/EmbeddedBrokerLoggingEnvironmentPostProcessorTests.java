package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which logging configuration the post-processor chooses, on this module's test class path,
 * where HiveMQ CE embedded's {@code logback.xml} is the only one, and on class paths with an
 * application's configuration in front of it. What the output then looks like is tested by
 * {@link EmbeddedBrokerLoggingTests}.
 */
class EmbeddedBrokerLoggingEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	@TempDir
	Path applicationResources;

	@Test
	void pointsAtSpringBootsDefaultWhenHiveMqsLogbackXmlIsTheOnlyOne() {
		postProcess(getClass().getClassLoader());
		assertThat(this.environment.getProperty("logging.config"))
			.isEqualTo(EmbeddedBrokerLoggingEnvironmentPostProcessor.DEFAULT_CONFIG)
			.satisfies((config) -> assertThat(new ClassPathResource(config.substring("classpath:".length())))
				.matches(ClassPathResource::exists));
	}

	@Test
	void pointsAtSpringBootsDefaultWithTheFileAppenderWhenALogFileIsSet() {
		this.environment.setProperty("logging.file.name", "application.log");
		postProcess(getClass().getClassLoader());
		assertThat(this.environment.getProperty("logging.config"))
			.isEqualTo(EmbeddedBrokerLoggingEnvironmentPostProcessor.DEFAULT_CONFIG_WITH_FILE);
	}

	@Test
	void pointsAtTheApplicationsLogbackSpringXml() throws IOException {
		postProcess(withApplicationResource("logback-spring.xml"));
		assertThat(this.environment.getProperty("logging.config")).isEqualTo("classpath:logback-spring.xml");
	}

	@Test
	void leavesLoggingConfigThatIsSetAlone() {
		this.environment.setProperty("logging.config", "classpath:my-logback.xml");
		postProcess(getClass().getClassLoader());
		assertThat(this.environment.getProperty("logging.config")).isEqualTo("classpath:my-logback.xml");
		assertThat(this.environment.getPropertySources()
			.contains(EmbeddedBrokerLoggingEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void leavesTheApplicationsOwnLogbackXmlToWin() throws IOException {
		postProcess(withApplicationResource("logback.xml"));
		assertThat(this.environment.containsProperty("logging.config")).isFalse();
	}

	@Test
	void leavesTheApplicationsLogbackTestXmlToWin() throws IOException {
		postProcess(withApplicationResource("logback-test.xml"));
		assertThat(this.environment.containsProperty("logging.config")).isFalse();
	}

	@Test
	void doesNothingWithoutHiveMq() {
		postProcess(new FilteredClassLoader(
				new ClassPathResource(EmbeddedHiveMQ.class.getName().replace('.', '/') + ".class")));
		assertThat(this.environment.containsProperty("logging.config")).isFalse();
	}

	private ClassLoader withApplicationResource(String name) throws IOException {
		Files.writeString(this.applicationResources.resolve(name), "<configuration/>");
		return new URLClassLoader(new URL[] { this.applicationResources.toUri().toURL() },
				getClass().getClassLoader()) {

			// The application's resources come first, as its classes directory does
			@Override
			public URL getResource(String resourceName) {
				URL own = findResource(resourceName);
				return (own != null) ? own : super.getResource(resourceName);
			}

		};
	}

	private void postProcess(ClassLoader classLoader) {
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(classLoader));
		new EmbeddedBrokerLoggingEnvironmentPostProcessor(new DeferredLogs()).postProcessEnvironment(this.environment,
				application);
	}

}
