package io.mqttspring.connection.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paho's own logging in an application's log: no line per message from a QoS 2 listener,
 * whatever the root level, while Paho's warnings still show; and an application that sets
 * a level for Paho gets what it asked for. Logging is set up once per JVM, so each
 * application runs in a JVM of its own, on this test's class path.
 */
class PahoLoggingTests {

	private static final int MESSAGES = 20;

	// A line of Spring Boot's console pattern from one of Paho's loggers (abbreviated to
	// o.e.p...), and its level
	private static final Pattern PAHO_LINE = Pattern.compile("(?m)^\\S+ +([A-Z]+) \\d+ --- .*? o\\.e\\.p\\.\\S* +: .*$");

	private static final String WARNING = "A warning of Paho's still shows";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "INFO", "DEBUG" })
	void qos2ListenerLogsNoLinePerMessageWhateverTheRootLevel(String rootLevel) throws Exception {
		String output = runProbe("--logging.level.root=" + rootLevel);
		assertThat(output).contains("RECEIVED " + MESSAGES).doesNotContain("MqttPubComp");
		assertThat(pahoLines(output)).contains("WARN " + WARNING)
			.noneMatch((line) -> line.startsWith("INFO") || line.startsWith("DEBUG") || line.startsWith("TRACE"));
	}

	@Test
	void levelTheApplicationSetsForPahoStands() throws Exception {
		String output = runProbe("--logging.level.org.eclipse.paho=INFO");
		assertThat(output).contains("RECEIVED " + MESSAGES);
		// One per message; the last ones may come after the application saw its messages and stopped
		assertThat(pahoLines(output).stream().filter((line) -> line.contains("Creating MqttPubComp")))
			.hasSizeGreaterThanOrEqualTo(MESSAGES / 2);
	}

	// Level and message of each line from Paho's loggers
	private static List<String> pahoLines(String output) {
		List<String> lines = new ArrayList<>();
		Matcher matcher = PAHO_LINE.matcher(output);
		while (matcher.find()) {
			String line = matcher.group();
			lines.add(matcher.group(1) + " " + line.substring(line.indexOf(" : ") + 3));
		}
		return lines;
	}

	private String runProbe(String... args) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
				ProbeApplication.class.getName(), "--mqtt.server-uris=" + mosquitto.uri()));
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
	 * An application with a QoS 2 listener that publishes to itself, waits for the
	 * messages, logs a warning through one of Paho's loggers and stops.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class ProbeApplication {

		public static void main(String[] args) throws Exception {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProbeApplication.class)
				.web(WebApplicationType.NONE)
				// The test class path has Docker Compose support, and no compose file
				.properties("spring.docker.compose.enabled=false")
				.run(args)) {
				MqttContexts.awaitSubscribed(context, "quiet/qos2");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				for (int i = 0; i < MESSAGES; i++) {
					template.publish("quiet/qos2", "message " + i, 2, false).get(10, TimeUnit.SECONDS);
				}
				Qos2Listener listener = context.getBean(Qos2Listener.class);
				if (!listener.received.await(20, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Not all messages arrived");
				}
				System.out.println("RECEIVED " + MESSAGES);
				Logger.getLogger("org.eclipse.paho.mqttv5.client.internal.ClientState").warning(WARNING);
			}
		}

		@Bean
		Qos2Listener qos2Listener() {
			return new Qos2Listener();
		}

	}

	static class Qos2Listener {

		final CountDownLatch received = new CountDownLatch(MESSAGES);

		@MqttListener(topics = "quiet/qos2", qos = 2)
		void onMessage(String text) {
			this.received.countDown();
		}

	}

}
