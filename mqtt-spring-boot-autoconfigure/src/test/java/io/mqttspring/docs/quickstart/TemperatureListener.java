package io.mqttspring.docs.quickstart;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.docs.domain.Reading;
import io.mqttspring.listener.MqttListener;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest temperature per topic: the README's quick start for listening.
 */
// tag::class[]
@Component
public class TemperatureListener {

	private final Map<String, Reading> latest = new ConcurrentHashMap<>();

	@MqttListener(id = "temperatures", topics = "sensors/+/temperature", qos = 1)
	void onReading(Reading reading, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
		// reading converted from JSON; String and byte[] parameters get the raw payload
		this.latest.put(topic, reading);
	}

	public Reading latest(String topic) {
		return this.latest.get(topic);
	}

}
// end::class[]
