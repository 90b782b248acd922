package io.mqttspring.autoconfigure.metrics;

import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;

/**
 * Meters of the MQTT connections, each tagged with its {@code connection} name. The
 * {@code mqtt.publish} and {@code mqtt.listener} timers come from the observations of the
 * templates and the listeners.
 */
public class MqttClientMetrics implements MeterBinder {

	private final List<SharedMqttClient> clients;

	public MqttClientMetrics(List<SharedMqttClient> clients) {
		this.clients = List.copyOf(clients);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.clients.forEach((client) -> bindTo(registry, client, Tags.of(Tag.of("connection",
				client.getConnectionName()))));
	}

	private static void bindTo(MeterRegistry registry, SharedMqttClient client, Tags tags) {
		Gauge.builder("mqtt.client.connected", client, (connected) -> connected.isConnected() ? 1 : 0)
			.description("Whether the MQTT client is connected (1) or not (0)")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("mqtt.client.reconnects", client, (counted) -> counted.getStatus().reconnects())
			.description("Successful reconnects after the first connect")
			.tags(tags)
			.register(registry);
		FunctionCounter
			.builder("mqtt.client.connection.lost", client, (counted) -> counted.getStatus().connectionLosses())
			.description("Established connections that were lost")
			.tags(tags)
			.register(registry);
		Gauge.builder("mqtt.publish.inflight", client, SharedMqttClient::getInFlightPublishes)
			.description("Publishes waiting for the broker's acknowledgement")
			.tags(tags)
			.register(registry);
		Gauge.builder("mqtt.publish.buffered", client, SharedMqttClient::getBufferedPublishes)
			.description("Publishes waiting in the outbound buffer to be sent")
			.tags(tags)
			.register(registry);
		Gauge.builder("mqtt.publish.buffered.bytes", client, SharedMqttClient::getBufferedBytes)
			.description("Payload and topic bytes of the publishes in the outbound buffer")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
		for (PublishRejectedException.Reason reason : PublishRejectedException.Reason.values()) {
			FunctionCounter.builder("mqtt.publish.rejected", client, (counted) -> counted.getRejectedPublishes(reason))
				.description("Publishes given up: no room in the outbound buffer, a time-out, or the client stopping")
				.tags(tags)
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

}
