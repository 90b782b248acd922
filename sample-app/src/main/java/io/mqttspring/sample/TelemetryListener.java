package io.mqttspring.sample;

import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes the telemetry of every device and keeps the latest reading. The device id
 * comes from the topic, {@code sensors/{deviceId}/telemetry}.
 */
@Component
class TelemetryListener {

	private final LatestReadings latestReadings;

	TelemetryListener(LatestReadings latestReadings) {
		this.latestReadings = latestReadings;
	}

	@MqttListener(id = "telemetry", topics = "sensors/{deviceId}/telemetry", concurrency = "2")
	void onTelemetry(Telemetry telemetry, @TopicVariable("deviceId") String deviceId,
			@Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
		this.latestReadings.update(deviceId, topic, telemetry);
	}

}
