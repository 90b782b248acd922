package io.mqttspring.docs.reliability;

import io.mqttspring.listener.MqttListener;

import org.springframework.stereotype.Component;

/**
 * A listener that sends what it cannot process to the dead-letter handler.
 */
@Component
public class PaymentListener {

	// tag::listener[]
	@MqttListener(id = "payments", topics = "payments/+", errorHandler = "deadLetter")
	void onPayment(String payment) {
		if (payment.isBlank()) {
			throw new IllegalArgumentException("empty payment");
		}
	}
	// end::listener[]

}
