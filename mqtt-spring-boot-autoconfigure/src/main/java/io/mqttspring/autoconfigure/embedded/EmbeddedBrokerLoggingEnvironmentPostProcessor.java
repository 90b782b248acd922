package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Keeps HiveMQ CE embedded from taking over the application's logging. Its jar carries a
 * {@code logback.xml}, and Spring Boot uses a {@code logback.xml} found on the class path
 * instead of its own default configuration, and even instead of the application's
 * {@code logback-spring.xml}: the console would show HiveMQ's pattern and levels.
 * <p>
 * When {@code logging.config} is not set and HiveMQ's is the only {@code logback.xml} on
 * the class path, this points {@code logging.config} at the application's
 * {@code logback-spring.xml} when it has one, and at Spring Boot's default configuration
 * otherwise, before the logging system is initialized. A {@code logback.xml} or
 * {@code logback-test.xml} of the application's own is left to win, as Spring Boot would
 * have it.
 */
public class EmbeddedBrokerLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source holding {@code logging.config}. */
	public static final String PROPERTY_SOURCE_NAME = "mqttEmbeddedBrokerLogging";

	/** Spring Boot's default console logging, as its {@code console-appender.xml} sets it up. */
	static final String DEFAULT_CONFIG = "classpath:io/mqttspring/autoconfigure/embedded/logback-defaults.xml";

	/** Spring Boot's default console and file logging, for {@code logging.file.*}. */
	static final String DEFAULT_CONFIG_WITH_FILE = "classpath:io/mqttspring/autoconfigure/embedded/"
			+ "logback-defaults-file.xml";

	private static final String HIVEMQ_CLASS = "com/hivemq/embedded/EmbeddedHiveMQ.class";

	private static final String LOGBACK_XML = "logback.xml";

	// The configurations Spring Boot looks for, in its order (LogbackLoggingSystem)
	private static final List<String> STANDARD_CONFIGS = List.of("logback-test.groovy", "logback-test.xml",
			"logback.groovy", LOGBACK_XML);

	private static final List<String> SPRING_CONFIGS = List.of("logback-test-spring.groovy",
			"logback-test-spring.xml", "logback-spring.groovy", "logback-spring.xml");

	private final Log logger;

	/**
	 * Create a post-processor.
	 * @param logFactory where its log goes once logging is initialized
	 */
	public EmbeddedBrokerLoggingEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(getClass());
	}

	@Override
	public int getOrder() {
		// After the application's configuration files were read, so that their
		// logging.config counts; logging is initialized after every post-processor
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = application.getClassLoader();
		if (StringUtils.hasText(environment.getProperty(LoggingApplicationListener.CONFIG_PROPERTY))
				|| !usesLogback(classLoader)) {
			return;
		}
		URL hiveMqClass = classLoader.getResource(HIVEMQ_CLASS);
		if (hiveMqClass == null || !LOGBACK_XML.equals(firstFound(classLoader, STANDARD_CONFIGS))
				|| !allInJarOf(resources(classLoader, LOGBACK_XML), hiveMqClass)) {
			return;
		}
		String springConfig = firstFound(classLoader, SPRING_CONFIGS);
		String config = (springConfig != null) ? "classpath:" + springConfig
				: (LogFile.get(environment) != null) ? DEFAULT_CONFIG_WITH_FILE : DEFAULT_CONFIG;
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(LoggingApplicationListener.CONFIG_PROPERTY, config)));
		this.logger.debug("The only logback.xml on the class path is HiveMQ CE embedded's; logging with " + config
				+ " instead (set logging.config to choose another configuration)");
	}

	private static boolean usesLogback(ClassLoader classLoader) {
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				&& LoggingSystem.get(classLoader) instanceof LogbackLoggingSystem;
	}

	private static String firstFound(ClassLoader classLoader, List<String> names) {
		return names.stream().filter((name) -> classLoader.getResource(name) != null).findFirst().orElse(null);
	}

	private static List<URL> resources(ClassLoader classLoader, String name) {
		try {
			return Collections.list(classLoader.getResources(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the " + name + " files on the class path", ex);
		}
	}

	private static boolean allInJarOf(List<URL> resources, URL hiveMqClass) {
		String hiveMqJar = jar(hiveMqClass);
		return hiveMqJar != null && resources.stream().allMatch((resource) -> hiveMqJar.equals(jar(resource)));
	}

	// jar:file:/lib/a.jar!/logback.xml and, nested in an executable jar,
	// jar:nested:/app.jar/!BOOT-INF/lib/a.jar!/logback.xml: the part before the entry name
	private static String jar(URL resource) {
		String location = resource.toString();
		int entry = location.lastIndexOf("!/");
		return (entry != -1) ? location.substring(0, entry) : null;
	}

}
