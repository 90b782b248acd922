package io.mqttspring.docs.testing;

import java.time.Duration;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Reading;
import io.mqttspring.docs.quickstart.TemperatureListener;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application test against the embedded broker, for docs/testing.md.
 */
// tag::embedded-broker[]
@SpringBootTest(properties = "mqtt.embedded.port=0") // a free port, and the client connects to it
class TemperatureListenerTests {

	@Autowired
	MqttTemplate mqtt;

	@Autowired
	TemperatureListener listener;

	@Test
	void keepsTheLatestReadingOfEachSensor() {
		// Published until it arrives: the listener subscribes once the client has connected
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			this.mqtt.publish("sensors/dev-1/temperature", new Reading("dev-1", 21.5)).join();
			assertThat(this.listener.latest("sensors/dev-1/temperature")).isEqualTo(new Reading("dev-1", 21.5));
		});
	}

}
// end::embedded-broker[]
