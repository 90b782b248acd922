package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.testsupport.EchoListener;
import org.junit.jupiter.api.Test;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a real {@link HiveMQContainer}; runs where Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = EchoListener.class, properties = "echo.topic=docker/hivemq")
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, MqttAutoConfiguration.class,
		MqttTemplateAutoConfiguration.class, MqttListenerAutoConfiguration.class })
class HiveMqContainerDockerTests {

	@Container
	@ServiceConnection
	static HiveMQContainer hiveMq = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

	@Autowired
	ApplicationContext context;

	@Test
	void applicationPublishesAndReceivesThroughTheHiveMqContainer() throws Exception {
		assertThat(this.context.getBean(MqttConnectionDetails.class).getServerUris())
			.containsExactly("tcp://" + hiveMq.getHost() + ":" + hiveMq.getMqttPort());
		EchoListener.assertRoundTrip(this.context, "hello HiveMQ container");
	}

}
