package io.mqttspring.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the latest reading of each device.
 */
@RestController
class ReadingsController {

	private final LatestReadings latestReadings;

	ReadingsController(LatestReadings latestReadings) {
		this.latestReadings = latestReadings;
	}

	@GetMapping("/api/readings")
	List<LatestReadings.Reading> readings() {
		return this.latestReadings.all();
	}

}
