package io.mqttspring.docs.observability;

import io.micrometer.common.KeyValues;
import io.mqttspring.core.DefaultMqttPublishObservationConvention;
import io.mqttspring.core.MqttPublishObservationContext;

import org.springframework.stereotype.Component;

/**
 * Tags publish metrics with the first topic level, for docs/observability.md.
 */
// tag::convention[]
@Component
public class TopicRootConvention extends DefaultMqttPublishObservationConvention {

	@Override
	public KeyValues getLowCardinalityKeyValues(MqttPublishObservationContext context) {
		// The first level of the topic ("orders", "sensors") has few values, so it can be a
		// metric tag; the whole topic would create a time series per device
		String root = context.getTopic().split("/", 2)[0];
		return super.getLowCardinalityKeyValues(context).and("topic.root", root);
	}

}
// end::convention[]
