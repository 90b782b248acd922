package io.mqttspring.sample;

import java.util.Map;
import java.util.TreeMap;

import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.springframework.stereotype.Component;

/**
 * Takes commands for the devices of the fleet, {@code devices/{deviceId}/commands}. A
 * command for a device that does not answer fails; it is tried again after a back-off
 * ({@code sample.commands.attempts} attempts), then parked on
 * {@code dead-letter/devices/{deviceId}/commands} (mqtt.listener.dead-letter.enabled in
 * application.yml), where an operator can look at it and send it again.
 */
@Component
class DeviceCommands {

	private final FleetProperties fleet;

	private final Map<String, String> lastCommands = new TreeMap<>();

	DeviceCommands(FleetProperties fleet) {
		this.fleet = fleet;
	}

	@MqttListener(id = "commands", topics = "devices/{deviceId}/commands", retry = "${sample.commands.attempts:3}")
	void onCommand(String command, @TopicVariable("deviceId") String deviceId) {
		if (!isInFleet(deviceId)) {
			throw new IllegalStateException("Device '" + deviceId + "' does not answer");
		}
		synchronized (this.lastCommands) {
			this.lastCommands.put(deviceId, command);
		}
	}

	private boolean isInFleet(String deviceId) {
		for (int i = 1; i <= this.fleet.devices(); i++) {
			if (deviceId.equals("device-" + i)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The last command each device took.
	 * @return the commands by device id
	 */
	Map<String, String> lastCommands() {
		synchronized (this.lastCommands) {
			return Map.copyOf(this.lastCommands);
		}
	}

}
