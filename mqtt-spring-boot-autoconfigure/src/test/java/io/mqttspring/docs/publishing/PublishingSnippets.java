package io.mqttspring.docs.publishing;

import java.time.Duration;

import io.mqttspring.core.MqttPublishException;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.docs.domain.Order;
import io.mqttspring.docs.domain.Quote;
import io.mqttspring.docs.domain.QuoteRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The examples of docs/publishing.md.
 */
public class PublishingSnippets {

	private static final Log logger = LogFactory.getLog(PublishingSnippets.class);

	private final MqttTemplate mqtt;

	public PublishingSnippets(MqttTemplate mqtt) {
		this.mqtt = mqtt;
	}

	void publishInEveryForm(Order order) {
		// tag::publish[]
		this.mqtt.publish("orders/42", order);                          // default QoS and retained flag
		this.mqtt.publish("orders/42", order, 2, true);                 // QoS 2, retained
		this.mqtt.publish("orders/42", order, (options) -> options      // MQTT 5 properties
			.qos(1)
			.messageExpiry(Duration.ofMinutes(5))
			.contentType("application/json")
			.payloadFormatIndicator(true)
			.userProperty("tenant", "acme"));
		this.mqtt.send(MessageBuilder.withPayload(order)                // a Spring message
			.setHeader(MqttHeaders.TOPIC, "orders/42")
			.setHeader("tenant", "acme")                                // becomes a user property
			.build());
		// end::publish[]
	}

	Quote requestQuote(QuoteRequest query) {
		// tag::request[]
		Quote quote = this.mqtt.request("quotes/requests", query, Quote.class, Duration.ofSeconds(5)).join();
		// end::request[]
		return quote;
	}

	void publishStatus(String deviceId, String status) {
		// tag::result[]
		this.mqtt.publish("devices/" + deviceId + "/status", status).whenComplete((result, failure) -> {
			if (failure instanceof MqttPublishException refused && refused.getReasonCode() == 0x87) {
				logger.error("The broker's access rules forbid publishing to " + refused.getTopic());
			}
			else if (failure != null) {
				logger.warn("Status of " + deviceId + " not published: " + failure.getMessage());
			}
			else if (result.noMatchingSubscribers()) {
				logger.debug("Nobody subscribes to " + result.topic());
			}
		});
		// end::result[]
	}

}
