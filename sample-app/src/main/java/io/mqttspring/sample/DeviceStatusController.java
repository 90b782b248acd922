package io.mqttspring.sample;

import java.time.Duration;

import io.mqttspring.core.MqttOperations;

import org.springframework.http.ResponseEntity;
import org.springframework.messaging.Message;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves a device's current status: the retained message of its status topic, read from
 * the broker on demand.
 */
@RestController
class DeviceStatusController {

	private static final Duration WAIT_FOR_STATUS = Duration.ofSeconds(2);

	private final MqttOperations mqtt;

	DeviceStatusController(MqttOperations mqtt) {
		this.mqtt = mqtt;
	}

	@GetMapping("/api/devices/{deviceId}/status")
	ResponseEntity<DeviceStatus> status(@PathVariable String deviceId) throws InterruptedException {
		// A retained status arrives at once; a device that never reported has none
		Message<DeviceStatus> status = this.mqtt.receive("devices/" + deviceId + "/status", DeviceStatus.class,
				WAIT_FOR_STATUS);
		return (status != null) ? ResponseEntity.ok(status.getPayload()) : ResponseEntity.notFound().build();
	}

}
