package io.mqttspring.docs.receiving;

/**
 * A device's status, as JSON on {@code devices/<id>/status}.
 *
 * @param state the state
 * @param firmware the firmware version
 */
public record DeviceStatus(String state, String firmware) {
}
