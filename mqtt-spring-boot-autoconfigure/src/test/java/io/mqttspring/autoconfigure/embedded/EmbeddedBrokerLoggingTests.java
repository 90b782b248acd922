package io.mqttspring.autoconfigure.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mqttspring.testsupport.EchoListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with HiveMQ CE embedded on its class path, whose jar carries a
 * {@code logback.xml}, logs the way its own configuration says: like any Spring Boot
 * application when it has none, through its own {@code logback.xml} or
 * {@code logback-spring.xml} when it has one. Logging is set up once per JVM, so each
 * application runs in a JVM of its own, on this test's class path.
 */
class EmbeddedBrokerLoggingTests {

	// Spring Boot's console pattern: ISO date, level, PID, application name, thread, logger
	private static final String BOOT_LINE = "(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S* +%s \\d+ "
			+ "--- \\[logging-probe\\] \\[ *[^\\]]+\\] .*%s +: %s";

	// The pattern of HiveMQ's logback.xml: "%-30(%d %level)- %msg%n%ex"
	private static final String HIVEMQ_LINE = "(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} [A-Z]+ +- ";

	private static final String BROKER_STARTED = "Embedded MQTT broker (HiveMQ CE) started on tcp://127.0.0.1:";

	@TempDir
	Path directory;

	@Test
	void withoutLoggingConfigurationOfItsOwnItLogsLikeAnySpringBootApplicationAndHonoursLoggingLevels()
			throws Exception {
		Path logFile = this.directory.resolve("probe.log");
		String output = runProbe(null, "--logging.level.io.mqttspring=DEBUG", "--logging.file.name=" + logFile);
		assertThat(output)
			.containsPattern(BOOT_LINE.formatted("INFO", "i\\.m\\.a\\.embedded\\.EmbeddedMqttBroker",
					"Embedded MQTT broker \\(HiveMQ CE\\) started"))
			.containsPattern(BOOT_LINE.formatted("INFO", "c\\.h\\.e\\.internal\\.EmbeddedHiveMQImpl",
					"Started EmbeddedHiveMQ"))
			.containsPattern(BOOT_LINE.formatted("DEBUG", "i\\.m\\.connection\\.SharedMqttClient",
					"Subscribed to 'probe' at QoS 1"))
			.doesNotContainPattern(BOOT_LINE.formatted("DEBUG", "c\\.h\\.[\\w.]+", ""))
			.doesNotContainPattern(HIVEMQ_LINE);
		assertThat(logFile).content().contains(BROKER_STARTED).doesNotContainPattern(HIVEMQ_LINE);
	}

	@Test
	void itsOwnLogbackXmlWinsOverHiveMqs() throws Exception {
		writeLogbackConfiguration("logback.xml", "OWN %level %logger - %msg%n");
		String output = runProbe(this.directory);
		assertThat(output).contains("OWN INFO " + EmbeddedMqttBroker.class.getName() + " - " + BROKER_STARTED)
			.doesNotContainPattern(BOOT_LINE.formatted("INFO", ".*", ""))
			.doesNotContainPattern(HIVEMQ_LINE);
	}

	@Test
	void itsOwnLogbackSpringXmlWinsOverHiveMqsLogbackXml() throws Exception {
		writeLogbackConfiguration("logback-spring.xml", "SPRING ${APPLICATION} %level %logger - %msg%n");
		String output = runProbe(this.directory);
		assertThat(output)
			.contains("SPRING logging-probe INFO " + EmbeddedMqttBroker.class.getName() + " - " + BROKER_STARTED)
			.doesNotContainPattern(BOOT_LINE.formatted("INFO", ".*", ""))
			.doesNotContainPattern(HIVEMQ_LINE);
	}

	// Spring Boot reads <springProperty> only in a configuration it loaded itself
	private void writeLogbackConfiguration(String name, String pattern) throws IOException {
		Files.writeString(this.directory.resolve(name), """
				<configuration>
					<springProperty name="APPLICATION" source="spring.application.name"/>
					<appender name="OWN" class="ch.qos.logback.core.ConsoleAppender">
						<encoder>
							<pattern>%s</pattern>
						</encoder>
					</appender>
					<root level="INFO">
						<appender-ref ref="OWN"/>
					</root>
				</configuration>
				""".formatted(pattern));
	}

	private String runProbe(Path classPathPrefix, String... args) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("java.class.path");
		List<String> command = new ArrayList<>(List.of(java, "-cp",
				(classPathPrefix != null) ? classPathPrefix + File.pathSeparator + classPath : classPath,
				ProbeApplication.class.getName(), "--spring.application.name=logging-probe",
				"--mqtt.embedded.port=0", "--echo.topic=probe"));
		command.addAll(List.of(args));
		Path output = this.directory.resolve("output.txt");
		Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		if (!probe.waitFor(2, TimeUnit.MINUTES)) {
			probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String printed = Files.readString(output);
		assertThat(probe.exitValue()).as("exit code of the application, which printed:%n%s", printed).isZero();
		return printed;
	}

	/**
	 * An application with the embedded broker and a listener, which starts, receives one
	 * message and stops.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	public static class ProbeApplication {

		public static void main(String[] args) throws Exception {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProbeApplication.class)
				.web(WebApplicationType.NONE)
				// The test class path has Docker Compose support, and no compose file
				.properties("spring.docker.compose.enabled=false")
				.run(args)) {
				EchoListener.assertRoundTrip(context, "logged");
			}
		}

	}

}
