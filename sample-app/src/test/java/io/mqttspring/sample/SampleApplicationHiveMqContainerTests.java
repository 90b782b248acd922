package io.mqttspring.sample;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import io.mqttspring.connection.SharedMqttClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application against a HiveMQ CE container, connected through
 * {@code @ServiceConnection}; runs where Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sample.fleet.interval=200ms")
class SampleApplicationHiveMqContainerTests {

	@Container
	@ServiceConnection
	static HiveMQContainer hiveMq = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void readingsOfEveryDeviceArriveThroughTheContainerInsteadOfAnEmbeddedBroker() {
		new SampleApi(this.port).awaitReadingsOfEveryDevice();
		assertThat(this.context.getBeansOfType(EmbeddedMqttBroker.class)).isEmpty();
		assertThat(this.context.getBean(SharedMqttClient.class).getCurrentServerUri())
			.isEqualTo("tcp://" + hiveMq.getHost() + ":" + hiveMq.getMqttPort());
	}

}
