package io.mqttspring.benchmarks;

/**
 * One line of the results: what is sent, how fast, and to which listeners.
 * @param name the name printed in the results
 * @param family what the messages are published to and how they are consumed
 * @param messages how many messages a run publishes
 * @param rate messages per second, or 0 for as fast as the implementation takes them
 * @param extraListeners listeners on filters that match none of the messages
 * @param metric what the RATIO line compares
 */
public record Scenario(String name, Family family, int messages, int rate, int extraListeners, Metric metric) {

	/** The start-up scenario's name; it runs in fresh JVMs, not as messages. */
	public static final String STARTUP = "startup";

	public static Scenario throughput(String name, Family family, int messages) {
		return new Scenario(name, family, messages, 0, 0, Metric.THROUGHPUT);
	}

	/**
	 * A copy with another message count (warm-up runs, quick runs).
	 * @param messages the count
	 * @return the copy
	 */
	public Scenario withMessages(int messages) {
		return new Scenario(this.name, this.family, messages, this.rate, this.extraListeners, this.metric);
	}

	/**
	 * What the ratio of a scenario compares.
	 */
	public enum Metric {

		/** Messages per second received: higher is better. */
		THROUGHPUT,

		/** The 99th percentile of the latency: lower is better. */
		P99_LATENCY,

		/** Time from JVM start to connected (median as p50): lower is better. */
		STARTUP_TIME,

		/**
		 * Time from the broker's restart to the first message delivered again (median as
		 * p50): lower is better.
		 */
		RECONNECT_TIME

	}

}
