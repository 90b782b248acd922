package io.mqttspring.test.docs.orders;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.stereotype.Component;

/**
 * Takes the orders placed on {@code orders/{region}/placed} and confirms each valid one on
 * {@code orders/{region}/confirmed}, with the region as an MQTT 5 user property; part of
 * the complete example of docs/testing.md. Its tests observe it over the wire only, as a
 * user's tests would.
 */
// tag::order-desk[]
@Component
class OrderDesk {

	private final MqttTemplate mqtt;

	OrderDesk(MqttTemplate mqtt) {
		this.mqtt = mqtt;
	}

	@MqttListener(id = "orders", topics = "orders/{region}/placed")
	void onOrder(PlacedOrder order, @TopicVariable("region") String region) {
		if (order.quantity() < 1) {
			return;
		}
		this.mqtt.publish("orders/" + region + "/confirmed", "confirmed " + order.id(),
				(options) -> options.qos(1).userProperty("region", region));
	}

}
// end::order-desk[]
