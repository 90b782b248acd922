package io.mqttspring.core;

import io.micrometer.common.KeyValues;

/**
 * The default convention for {@code mqtt.publish}: low-cardinality keys {@code qos} and
 * {@code result} ({@code success} or {@code failure}), which become the tags of the
 * {@code mqtt.publish} timer; the topic is a high-cardinality key, for spans only.
 */
public class DefaultMqttPublishObservationConvention implements MqttPublishObservationConvention {

	/** The shared instance. */
	public static final DefaultMqttPublishObservationConvention INSTANCE = new DefaultMqttPublishObservationConvention();

	@Override
	public String getName() {
		return "mqtt.publish";
	}

	@Override
	public String getContextualName(MqttPublishObservationContext context) {
		return "mqtt publish";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(MqttPublishObservationContext context) {
		return KeyValues.of("connection", context.getConnection(), "qos", String.valueOf(context.getQos()), "result",
				(context.getError() != null) ? "failure" : "success");
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(MqttPublishObservationContext context) {
		return KeyValues.of("messaging.destination.name", context.getTopic());
	}

}
