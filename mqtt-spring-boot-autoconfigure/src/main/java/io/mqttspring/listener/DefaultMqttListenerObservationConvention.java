package io.mqttspring.listener;

import io.micrometer.common.KeyValues;

/**
 * The default convention for {@code mqtt.listener}: low-cardinality keys {@code listener}
 * (the listener id) and {@code result} ({@code success} or {@code failure}), which become
 * the tags of the {@code mqtt.listener} timer; the concrete topic is a high-cardinality
 * key, for spans only.
 */
public class DefaultMqttListenerObservationConvention implements MqttListenerObservationConvention {

	/** The shared instance. */
	public static final DefaultMqttListenerObservationConvention INSTANCE = new DefaultMqttListenerObservationConvention();

	@Override
	public String getName() {
		return "mqtt.listener";
	}

	@Override
	public String getContextualName(MqttListenerObservationContext context) {
		return "mqtt receive " + context.getListenerId();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(MqttListenerObservationContext context) {
		return KeyValues.of("listener", context.getListenerId(), "connection", context.getConnection(), "result",
				(context.getError() != null) ? "failure" : "success");
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(MqttListenerObservationContext context) {
		return KeyValues.of("messaging.destination.name", context.getTopic());
	}

}
