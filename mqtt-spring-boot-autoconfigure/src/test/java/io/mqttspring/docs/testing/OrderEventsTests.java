package io.mqttspring.docs.testing;

import java.time.Duration;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Reading;
import io.mqttspring.docs.quickstart.TemperatureListener;
import org.junit.jupiter.api.Test;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application test against a HiveMQ container, for docs/testing.md.
 */
// tag::testcontainers[]
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class OrderEventsTests {

	@Container
	@ServiceConnection
	static HiveMQContainer hivemq = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

	// or Mosquitto, recognised by its image name (the image's default configuration
	// only listens inside the container, hence the command)
	// @Container
	// @ServiceConnection
	// static GenericContainer<?> mosquitto = new GenericContainer<>("eclipse-mosquitto:2.0.20")
	//     .withExposedPorts(1883)
	//     .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf");

	@Autowired
	MqttTemplate mqtt;

	@Autowired
	TemperatureListener listener;

	@Test
	void readingPublishedThroughTheContainerArrives() {
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			this.mqtt.publish("sensors/dev-1/temperature", new Reading("dev-1", 21.5)).join();
			assertThat(this.listener.latest("sensors/dev-1/temperature")).isEqualTo(new Reading("dev-1", 21.5));
		});
	}

}
// end::testcontainers[]
