package io.mqttspring.benchmarks;

/**
 * What one run of one implementation measured.
 * @param msgsPerSecond messages received per second, from the first publish to the last
 * arrival
 * @param p50Millis the median latency from publish to listener
 * @param p99Millis the 99th percentile of that latency
 * @param received the messages received
 * @param expected the messages published
 * @param publishFailures publishes that failed at the sender
 * @param seconds the measured time
 */
public record RunResult(double msgsPerSecond, double p50Millis, double p99Millis, int received, int expected,
		int publishFailures, double seconds) {

	/**
	 * A start-up measurement: no messages, the time as the latency.
	 * @param millis the start-up time
	 * @return the result
	 */
	public static RunResult startup(double millis) {
		return new RunResult(0, millis, millis, 0, 0, 0, millis / 1000);
	}

	/**
	 * Messages lost between publisher and listener.
	 * @return the number lost
	 */
	public int lost() {
		return this.expected - this.received;
	}

}
