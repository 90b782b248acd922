package io.mqttspring.docs.listening;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.docs.domain.Telemetry;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * A listener with a topic variable and four threads, for docs/listening.md.
 */
@Component
public class TelemetryListener {

	private final Map<String, Telemetry> latest = new ConcurrentHashMap<>();

	// tag::listener[]
	@MqttListener(id = "telemetry", topics = "sensors/{deviceId}/telemetry", qos = 1, concurrency = "4")
	void onTelemetry(Telemetry telemetry,                          // JSON payload; also String, byte[], Message<T>
			@TopicVariable("deviceId") String deviceId,            // the {deviceId} level of the topic
			@Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
		this.latest.put(deviceId, telemetry);
	}
	// end::listener[]

	public Telemetry latest(String deviceId) {
		return this.latest.get(deviceId);
	}

}
