package io.mqttspring.benchmarks.soak;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.mqttspring.connection.MqttConnectionStatus;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * What the publishing and the receiving application of the soak run share: how their
 * Spring Boot applications are built and how they report progress.
 */
final class SoakApplications {

	private SoakApplications() {
	}

	/**
	 * A builder for one of the applications: no web server, the starter's defaults but
	 * the broker's address and the given properties; the application's log goes to a file
	 * in the run's directory (errors to the console as well).
	 * @param source the configuration class
	 * @param settings the settings
	 * @param role {@code publisher} or {@code receiver}
	 * @param properties more properties
	 * @return the builder
	 */
	static SpringApplicationBuilder builder(Class<?> source, SoakSettings settings, String role,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.application.name=soak-" + role,
				"mqtt.server-uris=" + settings.broker(),
				"logging.file.name=" + settings.dir().resolve(role + "-app.log"), "logging.threshold.console=ERROR"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new));
	}

	/**
	 * The command-line arguments Spring takes as properties: {@code --mqtt.*},
	 * {@code --logging.*} and {@code --spring.*}, to change a setting while investigating.
	 * @param args all arguments
	 * @return those for Spring
	 */
	static String[] springArgs(String[] args) {
		return Arrays.stream(args)
			.filter((arg) -> arg.startsWith("--mqtt.") || arg.startsWith("--logging.") || arg.startsWith("--spring."))
			.toArray(String[]::new);
	}

	/**
	 * The arguments of the soak run itself.
	 * @param args all arguments
	 * @return those that are not for Spring
	 */
	static String[] soakArgs(String[] args) {
		List<String> spring = List.of(springArgs(args));
		return Arrays.stream(args).filter((arg) -> !spring.contains(arg)).toArray(String[]::new);
	}

	static String describe(Sample sample, MqttConnectionStatus status) {
		return String.format(Locale.ROOT, "%s, %d reconnects; heap after GC %.1f MB, %d threads", status.state(),
				status.reconnects(), sample.heapBytes() / 1048576.0, sample.threads());
	}

	// The time of day (UTC), as the script's lines: the three processes started at different times
	static void progress(String role, String message) {
		System.out.printf(Locale.ROOT, "# [%s] %s: %s%n", LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
				role, message);
		System.out.flush();
	}

	static Path file(SoakSettings settings, String name) {
		return settings.dir().resolve(name);
	}

}
