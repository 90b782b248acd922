package io.mqttspring.listener;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@code mqtt.listener} observations; define a bean
 * to replace {@link DefaultMqttListenerObservationConvention}.
 */
public interface MqttListenerObservationConvention extends ObservationConvention<MqttListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof MqttListenerObservationContext;
	}

}
