package io.mqttspring;

/**
 * A sensor reading, sent as JSON in the tests.
 */
public record Reading(String deviceId, double celsius) {
}
