package io.mqttspring.benchmarks.soak;

/**
 * One sample of a JVM's resources.
 *
 * @param uptimeMillis the JVM's uptime
 * @param heapBytes heap used right after a full collection ({@link System#gc()})
 * @param threads live threads
 */
public record Sample(long uptimeMillis, long heapBytes, int threads) {
}
