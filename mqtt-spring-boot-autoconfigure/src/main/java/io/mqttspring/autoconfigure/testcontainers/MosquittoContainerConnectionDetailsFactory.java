package io.mqttspring.autoconfigure.testcontainers;

import java.util.List;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * {@link ContainerConnectionDetailsFactory} to create {@link MqttConnectionDetails} from
 * a {@link ServiceConnection @ServiceConnection}-annotated {@link GenericContainer} using
 * the {@code "eclipse-mosquitto"} image.
 */
class MosquittoContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, MqttConnectionDetails> {

	private static final int MQTT_PORT = 1883;

	MosquittoContainerConnectionDetailsFactory() {
		super("eclipse-mosquitto");
	}

	@Override
	protected MqttConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new MosquittoContainerConnectionDetails(source);
	}

	/**
	 * {@link MqttConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	private static final class MosquittoContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements MqttConnectionDetails {

		private MosquittoContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<String> getServerUris() {
			Container<?> container = getContainer();
			return List.of("tcp://" + container.getHost() + ":" + container.getMappedPort(MQTT_PORT));
		}

		// The container's MQTT port is plain TCP, whatever SSL annotations it carries
		@Override
		public SslBundle getSslBundle() {
			return null;
		}

	}

}
