package io.mqttspring.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers containers that are never started: each reports the shared
 * {@link EmbeddedHiveMq} broker as its host and mapped MQTT port. They let service
 * connections be tested, over a real connection, where there is no Docker engine. Their
 * image counts as present, so the image name resolves without Docker too.
 */
public final class StandInContainers {

	private static final String HOST = "127.0.0.1";

	private static final int MQTT_PORT = 1883;

	private StandInContainers() {
	}

	/**
	 * A {@link HiveMQContainer} standing in for the embedded broker.
	 * @return the container
	 */
	public static HiveMQContainer hiveMq() {
		return new StandInHiveMqContainer();
	}

	/**
	 * A {@link GenericContainer} of the given image standing in for the embedded broker.
	 * @param imageName the image name, such as {@code eclipse-mosquitto:2.0.20}
	 * @return the container
	 */
	public static GenericContainer<?> generic(String imageName) {
		return new StandInGenericContainer(imageName);
	}

	private static Integer mappedPort(int originalPort) {
		if (originalPort != MQTT_PORT) {
			throw new IllegalArgumentException("Only port " + MQTT_PORT + " is mapped, not " + originalPort);
		}
		return EmbeddedHiveMq.port();
	}

	private static final class StandInHiveMqContainer extends HiveMQContainer {

		StandInHiveMqContainer() {
			super(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));
			withImagePullPolicy((imageName) -> false);
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return true;
		}

		@Override
		public String getHost() {
			return HOST;
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			return mappedPort(originalPort);
		}

	}

	private static final class StandInGenericContainer extends GenericContainer<StandInGenericContainer> {

		StandInGenericContainer(String imageName) {
			super(DockerImageName.parse(imageName));
			withExposedPorts(MQTT_PORT);
			withImagePullPolicy((name) -> false);
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return true;
		}

		@Override
		public String getHost() {
			return HOST;
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			return mappedPort(originalPort);
		}

	}

}
