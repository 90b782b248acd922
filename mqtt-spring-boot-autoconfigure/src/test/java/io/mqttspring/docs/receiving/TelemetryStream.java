package io.mqttspring.docs.receiving;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttSubscription;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A back-pressured Flux over a subscription, for docs/receiving.md.
 */
public class TelemetryStream {

	private final MqttOperations mqtt;

	public TelemetryStream(MqttOperations mqtt) {
		this.mqtt = mqtt;
	}

	// tag::flux[]
	public Flux<List<String>> batches() {
		MqttSubscription subscription = this.mqtt.subscribe("sensors/+/temperature", 1);
		return subscription.flux()
			// Messages not yet requested stay unacknowledged, with the broker
			.limitRate(50)
			.map((message) -> new String(message.getPayload(), StandardCharsets.UTF_8))
			.publishOn(Schedulers.boundedElastic())
			.buffer(10);
		// Cancelling the Flux closes the subscription
	}
	// end::flux[]

}
