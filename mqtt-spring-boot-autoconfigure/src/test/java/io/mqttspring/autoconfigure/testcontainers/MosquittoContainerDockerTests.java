package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a real {@code eclipse-mosquitto} container; runs where
 * Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
class MosquittoContainerDockerTests {

	// The image's default configuration listens on the container's loopback only
	@Container
	@ServiceConnection
	static GenericContainer<?> mosquitto = new GenericContainer<>("eclipse-mosquitto:2.0.20").withExposedPorts(1883)
		.withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf");

	@Test
	void applicationPublishesAndReceivesThroughTheMosquittoContainer() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
			.withUserConfiguration(Containers.class, EchoListener.class)
			.withPropertyValues("echo.topic=docker/mosquitto")
			.run((context) -> {
				assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
					.containsExactly("tcp://" + mosquitto.getHost() + ":" + mosquitto.getMappedPort(1883));
				EchoListener.assertRoundTrip(context, "hello Mosquitto container");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportTestcontainers(MosquittoContainerDockerTests.class)
	static class Containers {

	}

}
