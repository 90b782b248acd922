package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.testsupport.EchoListener;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a real {@code eclipse-mosquitto} container; runs where
 * Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = EchoListener.class, properties = "echo.topic=docker/mosquitto")
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, MqttAutoConfiguration.class,
		MqttTemplateAutoConfiguration.class, MqttListenerAutoConfiguration.class })
class MosquittoContainerDockerTests {

	// The image's default configuration listens on the container's loopback only
	@Container
	@ServiceConnection
	static GenericContainer<?> mosquitto = new GenericContainer<>("eclipse-mosquitto:2.0.20").withExposedPorts(1883)
		.withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf");

	@Autowired
	ApplicationContext context;

	@Test
	void applicationPublishesAndReceivesThroughTheMosquittoContainer() throws Exception {
		assertThat(this.context.getBean(MqttConnectionDetails.class).getServerUris())
			.containsExactly("tcp://" + mosquitto.getHost() + ":" + mosquitto.getMappedPort(1883));
		EchoListener.assertRoundTrip(this.context, "hello Mosquitto container");
	}

}
