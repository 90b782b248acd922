package io.mqttspring.sample;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The latest reading of each device, as received over MQTT.
 */
@Component
class LatestReadings {

	private final Map<String, Reading> byDevice = new ConcurrentHashMap<>();

	void update(String deviceId, String topic, Telemetry telemetry) {
		this.byDevice.put(deviceId, new Reading(telemetry, topic, Instant.now()));
	}

	List<Reading> all() {
		return this.byDevice.values().stream().sorted(Comparator.comparing((reading) -> reading.telemetry().deviceId()))
			.toList();
	}

	/**
	 * A reading with where and when it arrived.
	 *
	 * @param telemetry what the device sent
	 * @param topic the topic it arrived on
	 * @param receivedAt when the listener received it
	 */
	record Reading(Telemetry telemetry, String topic, Instant receivedAt) {
	}

}
