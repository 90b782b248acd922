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
 * @param clientCpuMicrosPerMessage CPU time of the clients per message received: the
 * JVM's for the Java implementations, the client processes' for the command line clients;
 * 0 when not measured
 * @param brokerCpuMicrosPerMessage CPU time of the broker per message received, 0 when not
 * measured
 */
public record RunResult(double msgsPerSecond, double p50Millis, double p99Millis, int received, int expected,
		int publishFailures, double seconds, double clientCpuMicrosPerMessage, double brokerCpuMicrosPerMessage) {

	public RunResult(double msgsPerSecond, double p50Millis, double p99Millis, int received, int expected,
			int publishFailures, double seconds) {
		this(msgsPerSecond, p50Millis, p99Millis, received, expected, publishFailures, seconds, 0, 0);
	}

	/**
	 * A start-up measurement: no messages, the time as the latency.
	 * @param millis the start-up time
	 * @return the result
	 */
	public static RunResult startup(double millis) {
		return new RunResult(0, millis, millis, 0, 0, 0, millis / 1000);
	}

	/**
	 * A copy with the CPU times of the run.
	 * @param clientCpuNanos the clients' CPU time during the run
	 * @param brokerCpuNanos the broker's CPU time during the run, negative when unknown
	 * @return the copy
	 */
	public RunResult withCpu(long clientCpuNanos, long brokerCpuNanos) {
		double messages = Math.max(1, this.received);
		return new RunResult(this.msgsPerSecond, this.p50Millis, this.p99Millis, this.received, this.expected,
				this.publishFailures, this.seconds, clientCpuNanos / 1e3 / messages,
				(brokerCpuNanos >= 0) ? brokerCpuNanos / 1e3 / messages : 0);
	}

	/**
	 * Messages lost between publisher and listener.
	 * @return the number lost
	 */
	public int lost() {
		return this.expected - this.received;
	}

}
