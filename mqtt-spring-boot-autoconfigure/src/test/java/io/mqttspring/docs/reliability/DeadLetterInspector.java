package io.mqttspring.docs.reliability;

import io.mqttspring.listener.MqttDeadLetterHeaders;
import io.mqttspring.listener.MqttListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * A listener of the dead letters, reading why each one failed, for docs/reliability.md.
 */
@Component
public class DeadLetterInspector {

	private static final Log logger = LogFactory.getLog(DeadLetterInspector.class);

	// tag::inspector[]
	@MqttListener(id = "dead-letters", topics = "dead-letter/#", retry = "false")
	void onDeadLetter(String payload, @Header(MqttDeadLetterHeaders.ORIGINAL_TOPIC) String originalTopic,
			@Header(MqttDeadLetterHeaders.EXCEPTION_CLASS) String exceptionClass,
			@Header(MqttDeadLetterHeaders.ATTEMPTS) int attempts) {
		logger.warn("Parked after " + attempts + " attempts on " + originalTopic + " (" + exceptionClass + "): "
				+ payload);
	}
	// end::inspector[]

}
