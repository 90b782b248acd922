package io.mqttspring.test.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.stereotype.Component;

/**
 * Takes the orders placed on {@code orders/{region}/placed} and confirms each valid one on
 * {@code orders/{region}/confirmed}, with the region as an MQTT 5 user property.
 */
@Component
class OrderDesk {

	private final List<Order> accepted = new CopyOnWriteArrayList<>();

	private final MqttTemplate mqtt;

	OrderDesk(MqttTemplate mqtt) {
		this.mqtt = mqtt;
	}

	@MqttListener(id = "orders", topics = "orders/{region}/placed")
	void onOrder(Order order, @TopicVariable("region") String region) {
		if (order.quantity() < 1) {
			return;
		}
		this.accepted.add(order);
		this.mqtt.publish("orders/" + region + "/confirmed", "confirmed " + order.id(),
				(options) -> options.qos(1).userProperty("region", region));
	}

	List<Order> accepted() {
		return this.accepted;
	}

}
