package io.mqttspring.autoconfigure.testcontainers;

import java.util.List;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import org.testcontainers.hivemq.HiveMQContainer;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * {@link ContainerConnectionDetailsFactory} to create {@link MqttConnectionDetails} from
 * a {@link ServiceConnection @ServiceConnection}-annotated {@link HiveMQContainer}.
 */
class HiveMqContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<HiveMQContainer, MqttConnectionDetails> {

	HiveMqContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.hivemq.HiveMQContainer");
	}

	@Override
	protected MqttConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<HiveMQContainer> source) {
		return new HiveMqContainerConnectionDetails(source);
	}

	/**
	 * {@link MqttConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	private static final class HiveMqContainerConnectionDetails extends ContainerConnectionDetails<HiveMQContainer>
			implements MqttConnectionDetails {

		private HiveMqContainerConnectionDetails(ContainerConnectionSource<HiveMQContainer> source) {
			super(source);
		}

		@Override
		public List<String> getServerUris() {
			HiveMQContainer container = getContainer();
			return List.of("tcp://" + container.getHost() + ":" + container.getMqttPort());
		}

		// The container's MQTT port is plain TCP, whatever SSL annotations it carries
		@Override
		public SslBundle getSslBundle() {
			return null;
		}

	}

}
