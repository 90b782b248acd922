package io.mqttspring.sample;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plays a fleet of devices, each publishing its telemetry through the
 * {@link MqttOperations template}.
 */
@Component
class DeviceFleetSimulator {

	private static final Log logger = LogFactory.getLog(DeviceFleetSimulator.class);

	private final MqttOperations mqtt;

	private final SharedMqttClient connection;

	private final FleetProperties fleet;

	DeviceFleetSimulator(MqttOperations mqtt, SharedMqttClient connection, FleetProperties fleet) {
		this.mqtt = mqtt;
		this.connection = connection;
		this.fleet = fleet;
	}

	private final Instant started = Instant.now();

	private volatile boolean statusPublished;

	@Scheduled(fixedRateString = "${sample.fleet.interval:1s}")
	void publishTelemetry() {
		if (!this.connection.isConnected()) {
			logger.debug("Not connected yet (" + this.connection.getState() + "); skipping this round");
			return;
		}
		if (!this.statusPublished) {
			publishStatus();
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 1; i <= this.fleet.devices(); i++) {
			String deviceId = "device-" + i;
			Telemetry telemetry = new Telemetry(deviceId, 18 + random.nextDouble(8), 40 + random.nextDouble(20),
					Instant.now());
			this.mqtt.publish("sensors/" + deviceId + "/telemetry", telemetry).exceptionally((failure) -> {
				logger.warn("Telemetry of " + deviceId + " not sent: " + failure.getMessage());
				return null;
			});
		}
	}

	// Retained, so that GET /api/devices/{id}/status reads it whenever it is asked
	private void publishStatus() {
		for (int i = 1; i <= this.fleet.devices(); i++) {
			DeviceStatus status = new DeviceStatus("device-" + i, "online", "1.4." + i, this.started);
			this.mqtt.publish("devices/" + status.deviceId() + "/status", status, 1, true);
		}
		this.statusPublished = true;
	}

}
