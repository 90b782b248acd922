package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a real {@link HiveMQContainer}; runs where Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
class HiveMqContainerDockerTests {

	@Container
	@ServiceConnection
	static HiveMQContainer hiveMq = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

	@Test
	void applicationPublishesAndReceivesThroughTheHiveMqContainer() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
			.withUserConfiguration(Containers.class, EchoListener.class)
			.withPropertyValues("echo.topic=docker/hivemq")
			.run((context) -> {
				assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
					.containsExactly("tcp://" + hiveMq.getHost() + ":" + hiveMq.getMqttPort());
				EchoListener.assertRoundTrip(context, "hello HiveMQ container");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportTestcontainers(HiveMqContainerDockerTests.class)
	static class Containers {

	}

}
