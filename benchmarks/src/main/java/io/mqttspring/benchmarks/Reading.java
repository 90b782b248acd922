package io.mqttspring.benchmarks;

/**
 * The small JSON record of the payload scenario: a sensor reading, with the run, sequence
 * number and send time the harness needs to measure it.
 * @param runId the run the message belongs to
 * @param seq the sequence number within the run
 * @param sentNanos {@link System#nanoTime()} when it was published
 * @param device the device id
 * @param temperature the measured value
 */
public record Reading(int runId, int seq, long sentNanos, String device, double temperature) {
}
