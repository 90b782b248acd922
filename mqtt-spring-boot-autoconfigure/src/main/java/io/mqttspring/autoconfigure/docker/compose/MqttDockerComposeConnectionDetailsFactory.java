package io.mqttspring.autoconfigure.docker.compose;

import java.util.List;

import io.mqttspring.autoconfigure.MqttConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link DockerComposeConnectionDetailsFactory} to create {@link MqttConnectionDetails}
 * for an {@code eclipse-mosquitto}, {@code hivemq/hivemq-ce} or {@code emqx/emqx}
 * service.
 */
class MqttDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<MqttConnectionDetails> {

	private static final String[] MQTT_BROKER_IMAGE_NAMES = { "eclipse-mosquitto", "hivemq/hivemq-ce", "emqx/emqx" };

	private static final int MQTT_PORT = 1883;

	MqttDockerComposeConnectionDetailsFactory() {
		super(MQTT_BROKER_IMAGE_NAMES);
	}

	@Override
	protected MqttConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new MqttDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * {@link MqttConnectionDetails} backed by an MQTT broker {@link RunningService}.
	 */
	static class MqttDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements MqttConnectionDetails {

		private final List<String> serverUris;

		MqttDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.serverUris = List.of("tcp://" + service.host() + ":" + service.ports().get(MQTT_PORT));
		}

		@Override
		public List<String> getServerUris() {
			return this.serverUris;
		}

	}

}
