package io.mqttspring.docs.domain;

/**
 * A device's telemetry, sent as JSON by the documentation's snippets.
 *
 * @param celsius the temperature
 * @param humidity the relative humidity in percent
 */
public record Telemetry(double celsius, double humidity) {
}
