package io.mqttspring.docs.listening;

import java.math.BigDecimal;

import io.mqttspring.docs.domain.Quote;
import io.mqttspring.docs.domain.QuoteRequest;
import io.mqttspring.listener.MqttListener;

import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * Answers MQTT 5 requests, for docs/listening.md and docs/publishing.md.
 */
// tag::reply[]
@Component
public class QuoteService {

	private static final BigDecimal UNIT_PRICE = new BigDecimal("9.90");

	@MqttListener(id = "quotes", topics = "quotes/requests")
	@SendTo // the request's response topic, with its correlation data
	Quote quote(QuoteRequest request) {
		return new Quote(request.item(), UNIT_PRICE.multiply(BigDecimal.valueOf(request.quantity())));
	}

}
// end::reply[]
