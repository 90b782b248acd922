package io.mqttspring.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the last command each device took.
 */
@RestController
class CommandsController {

	private final DeviceCommands deviceCommands;

	CommandsController(DeviceCommands deviceCommands) {
		this.deviceCommands = deviceCommands;
	}

	@GetMapping("/api/commands")
	Map<String, String> commands() {
		return this.deviceCommands.lastCommands();
	}

}
