package io.mqttspring.docs.listening;

import io.mqttspring.docs.domain.Reading;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerErrorHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * A listener with an error handler whose answer is the reply, for docs/listening.md.
 */
// tag::error-handler[]
@Configuration(proxyBeanMethods = false)
public class ReadingIntake {

	@MqttListener(id = "intake", topics = "intake/readings", errorHandler = "rejectedReading")
	@SendTo("intake/results")
	String onReading(Reading reading) {
		if (reading.celsius() < -273.15) {
			throw new IllegalArgumentException("below absolute zero");
		}
		return "accepted " + reading.deviceId();
	}

	@Bean
	MqttListenerErrorHandler rejectedReading() {
		return (message, exception) -> {
			// The listener's exception, or the payload's conversion failure
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
			// Returned: published through @SendTo, and the message is acknowledged
			return "rejected " + message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC) + ": " + cause.getMessage();
		};
	}

}
// end::error-handler[]
