package io.mqttspring.autoconfigure.docker.compose;

import java.util.List;
import java.util.Map;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSources;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT connection details for Docker Compose services, through the factories registered
 * in {@code spring.factories} as Spring Boot finds them, from services that stand in for
 * running containers.
 */
@ExtendWith(EmbeddedHiveMq.class)
class MqttDockerComposeConnectionDetailsFactoryTests {

	@ParameterizedTest
	@ValueSource(strings = { "eclipse-mosquitto:2.0.20", "hivemq/hivemq-ce:2025.5", "emqx/emqx:5.8.6" })
	void serviceOfAKnownBrokerImageYieldsDetailsForItsHostAndMappedMqttPort(String image) {
		RunningService service = new StandInService(image, "192.168.99.100", 51883, Map.of());
		assertThat(mqttConnectionDetails(service).getServerUris()).containsExactly("tcp://192.168.99.100:51883");
	}

	@Test
	void serviceOfAnotherImageYieldsNoMqttConnectionDetails() {
		RunningService service = new StandInService("redis:7.4", "127.0.0.1", 51883, Map.of());
		assertThat(connectionDetails(service)).doesNotContainKey(MqttConnectionDetails.class);
	}

	@Test
	void serviceLabelledAsMqttServiceConnectionYieldsDetailsWhateverItsImage() {
		RunningService service = new StandInService("registry.example.com/brokers/custom-mqtt:1.0", "127.0.0.1",
				51883, Map.of("org.springframework.boot.service-connection", "eclipse-mosquitto"));
		assertThat(mqttConnectionDetails(service).getServerUris()).containsExactly("tcp://127.0.0.1:51883");
	}

	@Test
	void applicationPublishesAndReceivesThroughTheDetailsOfTheComposeService() {
		RunningService service = new StandInService("hivemq/hivemq-ce:2025.5", "127.0.0.1", EmbeddedHiveMq.port(),
				Map.of());
		MqttConnectionDetails details = mqttConnectionDetails(service);
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withBean(MqttConnectionDetails.class, () -> details)
			.withUserConfiguration(EchoListener.class)
			.withPropertyValues("echo.topic=compose/hivemq")
			.run((context) -> EchoListener.assertRoundTrip(context, "through the compose service's details"));
	}

	private static MqttConnectionDetails mqttConnectionDetails(RunningService service) {
		ConnectionDetails details = connectionDetails(service).get(MqttConnectionDetails.class);
		assertThat(details).isInstanceOf(MqttConnectionDetails.class);
		return (MqttConnectionDetails) details;
	}

	private static Map<Class<?>, ConnectionDetails> connectionDetails(RunningService service) {
		return new ConnectionDetailsFactories(null)
			.getConnectionDetails(DockerComposeConnectionSources.of(service, new MockEnvironment()), false);
	}

	/**
	 * A running service as Docker Compose reports it, publishing container port 1883 on
	 * a host port.
	 */
	record StandInService(String name, ImageReference image, String host, ConnectionPorts ports,
			Map<String, String> env, Map<String, String> labels) implements RunningService {

		StandInService(String image, String host, int mqttHostPort, Map<String, String> labels) {
			this("broker", ImageReference.of(image), host, new MqttPort(mqttHostPort), Map.of(), labels);
		}

	}

	record MqttPort(int hostPort) implements ConnectionPorts {

		@Override
		public int get(int containerPort) {
			if (containerPort != 1883) {
				throw new IllegalStateException("No host port mapping found for container port " + containerPort);
			}
			return this.hostPort;
		}

		@Override
		public List<Integer> getAll() {
			return List.of(this.hostPort);
		}

		@Override
		public List<Integer> getAll(String protocol) {
			return List.of(this.hostPort);
		}

	}

}
