package io.mqttspring.docs.receiving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttSubscription;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

/**
 * Taking messages when the code is ready for them, for docs/receiving.md.
 */
public class JobWorker {

	private final MqttOperations mqtt;

	private final List<String> done = new ArrayList<>();

	public JobWorker(MqttOperations mqtt) {
		this.mqtt = mqtt;
	}

	// tag::subscribe-receive[]
	public void work(int jobs) throws InterruptedException {
		try (MqttSubscription subscription = this.mqtt.subscribe("factory/{line}/jobs", 1)) {
			for (int i = 0; i < jobs; i++) {
				// Waits up to 10 seconds; the message is acknowledged to the broker now
				Message<String> job = subscription.receive(Duration.ofSeconds(10), String.class);
				if (job == null) {
					break;
				}
				String topic = job.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
				process(topic, job.getPayload());
			}
		}
		// close() unsubscribed at the broker
	}
	// end::subscribe-receive[]

	private void process(String topic, String job) {
		this.done.add(topic + ": " + job);
	}

	public List<String> done() {
		return this.done;
	}

}
