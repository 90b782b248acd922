package io.mqttspring.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An application started the way a user starts one ({@code SpringApplication} with every
 * auto-configuration and Spring Boot's failure analyzers) that fails to start, and the
 * "APPLICATION FAILED TO START" report Spring Boot printed about it.
 *
 * @param description the report's description
 * @param action the report's action
 * @param output everything the start printed
 */
public record FailedStart(String description, String action, String output) {

	private static final Pattern REPORT = Pattern.compile(
			"APPLICATION FAILED TO START\\R\\*+\\R\\RDescription:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R(\\R|$)",
			Pattern.DOTALL);

	/**
	 * Start an application that must fail, with command line arguments.
	 * @param output the output captured for the test
	 * @param userConfiguration the application's own configuration classes
	 * @param args the command line arguments, such as {@code --mqtt.fail-fast=true}
	 * @return the failed start
	 */
	public static FailedStart run(CapturedOutput output, Class<?>[] userConfiguration, String... args) {
		int start = output.getAll().length();
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.sources(userConfiguration)
			.web(WebApplicationType.NONE);
		assertThatException().as("start-up").isThrownBy(() -> application.run(args).close());
		String printed = output.getAll().substring(start);
		Matcher report = REPORT.matcher(printed);
		assertThat(report.find()).as("a failure analysis report in:%n%s", printed).isTrue();
		return new FailedStart(report.group(1), report.group(2), printed);
	}

	/**
	 * Start an application without configuration of its own that must fail.
	 * @param output the output captured for the test
	 * @param args the command line arguments, such as {@code --mqtt.fail-fast=true}
	 * @return the failed start
	 */
	public static FailedStart run(CapturedOutput output, String... args) {
		return run(output, new Class<?>[0], args);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
