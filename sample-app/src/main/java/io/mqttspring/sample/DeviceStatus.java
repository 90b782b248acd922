package io.mqttspring.sample;

import java.time.Instant;

/**
 * A device's status, published retained on {@code devices/<id>/status} so that whoever
 * asks later gets the current one.
 *
 * @param deviceId the device
 * @param state the state, such as {@code online}
 * @param firmware the firmware version
 * @param since when the device entered the state
 */
record DeviceStatus(String deviceId, String state, String firmware, Instant since) {
}
