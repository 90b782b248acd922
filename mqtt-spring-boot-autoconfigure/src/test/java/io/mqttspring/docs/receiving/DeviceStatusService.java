package io.mqttspring.docs.receiving;

import java.time.Duration;

import io.mqttspring.core.MqttOperations;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Service;

/**
 * The current (retained) value of a topic in one call, for docs/receiving.md.
 */
// tag::retained[]
@Service
public class DeviceStatusService {

	private final MqttOperations mqtt;

	public DeviceStatusService(MqttOperations mqtt) {
		this.mqtt = mqtt;
	}

	/**
	 * The device's last reported status, or {@code null} when it never reported one.
	 */
	public DeviceStatus currentStatus(String deviceId) throws InterruptedException {
		// A retained message arrives at once after the SUBACK; none arrives when there is none
		Message<DeviceStatus> status = this.mqtt.receive("devices/" + deviceId + "/status", DeviceStatus.class,
				Duration.ofSeconds(2));
		return (status != null) ? status.getPayload() : null;
	}

}
// end::retained[]
