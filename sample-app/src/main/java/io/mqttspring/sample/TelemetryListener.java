package io.mqttspring.sample;

import io.mqttspring.listener.MqttListener;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes the telemetry of every device and keeps the latest reading.
 */
@Component
class TelemetryListener {

	private final LatestReadings latestReadings;

	TelemetryListener(LatestReadings latestReadings) {
		this.latestReadings = latestReadings;
	}

	@MqttListener(id = "telemetry", topics = "sensors/+/telemetry")
	void onTelemetry(Telemetry telemetry, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
		this.latestReadings.update(topic, telemetry);
	}

}
