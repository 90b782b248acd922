package io.mqttspring.sample;

import java.time.Instant;

/**
 * One measurement of a device, published as JSON to {@code sensors/{deviceId}/telemetry}.
 *
 * @param deviceId the device
 * @param temperature degrees Celsius
 * @param humidity relative humidity in percent
 * @param timestamp when it was measured
 */
public record Telemetry(String deviceId, double temperature, double humidity, Instant timestamp) {
}
