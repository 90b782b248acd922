package io.mqttspring.docs.reliability;

import io.mqttspring.listener.MqttListener;

import org.springframework.stereotype.Component;

/**
 * A listener with its own number of attempts, for docs/reliability.md.
 */
@Component
public class PaymentListener {

	// tag::listener[]
	@MqttListener(id = "payments", topics = "payments/+", retry = "${payments.attempts:5}")
	void onPayment(String payment) {
		if (payment.isBlank()) {
			// Tried again after the back-off, then published as a dead letter
			throw new IllegalArgumentException("empty payment");
		}
	}
	// end::listener[]

}
