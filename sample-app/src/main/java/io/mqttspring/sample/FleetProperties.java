package io.mqttspring.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulated device fleet.
 *
 * @param devices how many devices publish
 * @param interval how often each device publishes
 */
@ConfigurationProperties("sample.fleet")
public record FleetProperties(int devices, Duration interval) {

	public FleetProperties {
		devices = (devices > 0) ? devices : 3;
		interval = (interval != null) ? interval : Duration.ofSeconds(1);
	}

}
