package io.mqttspring.docs.domain;

/**
 * A temperature reading, sent as JSON by the documentation's snippets.
 *
 * @param deviceId the device that measured it
 * @param celsius the temperature
 */
public record Reading(String deviceId, double celsius) {
}
