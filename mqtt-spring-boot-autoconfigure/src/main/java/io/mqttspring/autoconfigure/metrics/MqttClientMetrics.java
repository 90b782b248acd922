package io.mqttspring.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;

/**
 * Meters of the shared MQTT connection. The {@code mqtt.publish} and {@code mqtt.listener}
 * timers come from the observations of the template and the listeners.
 */
public class MqttClientMetrics implements MeterBinder {

	private final SharedMqttClient client;

	public MqttClientMetrics(SharedMqttClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mqtt.client.connected", this.client, (client) -> client.isConnected() ? 1 : 0)
			.description("Whether the MQTT client is connected (1) or not (0)")
			.register(registry);
		FunctionCounter.builder("mqtt.client.reconnects", this.client, (client) -> client.getStatus().reconnects())
			.description("Successful reconnects after the first connect")
			.register(registry);
		FunctionCounter
			.builder("mqtt.client.connection.lost", this.client, (client) -> client.getStatus().connectionLosses())
			.description("Established connections that were lost")
			.register(registry);
		Gauge.builder("mqtt.publish.inflight", this.client, SharedMqttClient::getInFlightPublishes)
			.description("Publishes waiting for the broker's acknowledgement")
			.register(registry);
		Gauge.builder("mqtt.publish.buffered", this.client, SharedMqttClient::getBufferedPublishes)
			.description("Publishes waiting in the outbound buffer to be sent")
			.register(registry);
		Gauge.builder("mqtt.publish.buffered.bytes", this.client, SharedMqttClient::getBufferedBytes)
			.description("Payload and topic bytes of the publishes in the outbound buffer")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		for (PublishRejectedException.Reason reason : PublishRejectedException.Reason.values()) {
			FunctionCounter
				.builder("mqtt.publish.rejected", this.client, (client) -> client.getRejectedPublishes(reason))
				.description("Publishes given up: no room in the outbound buffer, a time-out, or the client stopping")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

}
