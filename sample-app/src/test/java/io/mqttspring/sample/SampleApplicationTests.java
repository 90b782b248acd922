package io.mqttspring.sample;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import io.mqttspring.connection.SharedMqttClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application as a user runs it: embedded broker, simulated fleet, listener and
 * REST endpoint, called over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mqtt.embedded.port=0", "sample.fleet.interval=200ms" })
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedMqttBroker broker;

	@Autowired
	SharedMqttClient client;

	@Test
	void readingsOfEveryDeviceArriveThroughTheEmbeddedBrokerAndAreServedOverHttp() {
		new SampleApi(this.port).awaitReadingsOfEveryDevice();
		assertThat(this.broker.getServerUri()).startsWith("tcp://127.0.0.1:");
		assertThat(this.client.getCurrentServerUri()).isEqualTo(this.broker.getServerUri());
	}

	@Test
	void healthEndpointReportsUp() throws Exception {
		assertThat(new SampleApi(this.port).get("/actuator/health").get("status").asString()).isEqualTo("UP");
	}

}
