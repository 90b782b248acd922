package org.springframework.boot.docker.compose.service.connection;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.env.Environment;

/**
 * Creates the {@link DockerComposeConnectionSource} that Spring Boot passes to connection
 * details factories once Docker Compose services run. Its constructor is package-private,
 * hence this test helper in Spring Boot's package.
 */
public final class DockerComposeConnectionSources {

	private DockerComposeConnectionSources() {
	}

	/**
	 * The source for a running service.
	 * @param runningService the service
	 * @param environment the application's environment
	 * @return the source
	 */
	public static DockerComposeConnectionSource of(RunningService runningService, Environment environment) {
		return new DockerComposeConnectionSource(runningService, environment);
	}

}
