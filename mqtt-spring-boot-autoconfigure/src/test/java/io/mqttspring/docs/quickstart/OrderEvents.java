package io.mqttspring.docs.quickstart;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Order;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;

/**
 * Announces placed orders: the README's quick start for publishing.
 */
// tag::class[]
@Service
public class OrderEvents {

	private static final Log logger = LogFactory.getLog(OrderEvents.class);

	private final MqttTemplate mqtt;

	public OrderEvents(MqttTemplate mqtt) {
		this.mqtt = mqtt;
	}

	public void orderPlaced(Order order) {
		// Objects are sent as JSON, Strings as UTF-8, byte[] as is
		this.mqtt.publish("orders/" + order.id() + "/placed", order).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.warn("Order " + order.id() + " was not announced", failure);
			}
		});
	}

}
// end::class[]
