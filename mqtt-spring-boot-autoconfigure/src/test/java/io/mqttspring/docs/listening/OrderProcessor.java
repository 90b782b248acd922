package io.mqttspring.docs.listening;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.mqttspring.docs.domain.Order;
import io.mqttspring.docs.domain.OrderRepository;
import io.mqttspring.listener.AckMode;
import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;

import org.springframework.stereotype.Component;

/**
 * Stores orders and acknowledges each once stored, for docs/listening.md.
 */
// tag::manual[]
@Component
public class OrderProcessor {

	private final OrderRepository orders;

	private final Executor executor;

	public OrderProcessor(OrderRepository orders, Executor executor) {
		this.orders = orders;
		this.executor = executor;
	}

	@MqttListener(id = "orders", topics = "orders/+/placed", ackMode = AckMode.MANUAL)
	void onOrder(Order order, MqttAcknowledgment acknowledgment) {
		// Acknowledged once stored, on another thread: until then the broker keeps the
		// message, and a persistent session delivers it again after a crash
		CompletableFuture.runAsync(() -> this.orders.save(order), this.executor)
			.thenRun(acknowledgment::acknowledge);
	}

}
// end::manual[]
