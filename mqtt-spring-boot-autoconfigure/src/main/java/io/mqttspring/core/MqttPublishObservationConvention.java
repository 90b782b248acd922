package io.mqttspring.core;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@code mqtt.publish} observations; define a bean to
 * replace {@link DefaultMqttPublishObservationConvention}.
 */
public interface MqttPublishObservationConvention extends ObservationConvention<MqttPublishObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof MqttPublishObservationContext;
	}

}
