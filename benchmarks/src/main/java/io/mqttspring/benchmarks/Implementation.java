package io.mqttspring.benchmarks;

import java.time.Duration;

/**
 * One way of publishing and consuming MQTT messages, measured against the others. Each
 * implementation has its own connection to the broker for the whole benchmark, shared by
 * its publisher and its listeners, as an application would have.
 */
public interface Implementation extends AutoCloseable {

	/**
	 * The name in the results, also the second level of its topics.
	 * @return the name
	 */
	String name();

	/**
	 * Connect, and return once connected and the listeners that exist from the start are
	 * subscribed.
	 * @throws Exception if that fails
	 */
	void start() throws Exception;

	/**
	 * Get ready for one run: subscribe the scenario's family and its extra listeners (if
	 * not done by an earlier run), and send what arrives to the recorder. Subscriptions
	 * stay until the end, as an application's listeners do; the scenario with extra
	 * listeners runs last.
	 * @param scenario the scenario
	 * @param recorder the receiving end of the run
	 * @return the publishing end of the run
	 * @throws Exception if that fails
	 */
	Run prepare(Scenario scenario, Recorder recorder) throws Exception;

	/**
	 * Whether the implementation takes part in a scenario.
	 * @param scenario the scenario
	 * @return whether it runs it; by default every scenario
	 */
	default boolean runs(Scenario scenario) {
		return true;
	}

	/**
	 * How many messages a run of the scenario publishes with this implementation.
	 * @param scenario the scenario
	 * @return the scenario's count, unless the implementation needs fewer to measure the
	 * same rate
	 */
	default int messages(Scenario scenario) {
		return scenario.messages();
	}

	/**
	 * The publishing end of one run.
	 */
	interface Run {

		/**
		 * Publish, waiting only as much as the implementation makes its caller wait.
		 * @param topic the topic
		 * @param payload a {@code byte[]} or a {@link Reading}
		 * @param qos the QoS
		 * @throws Exception if the publish could not be started
		 */
		void publish(String topic, Object payload, int qos) throws Exception;

		/**
		 * Wait until every publish of the run was acknowledged, so that the next run
		 * starts from an idle connection.
		 * @param timeout the longest wait
		 * @return whether idle
		 * @throws InterruptedException if interrupted
		 */
		boolean awaitPublished(Duration timeout) throws InterruptedException;

	}

}
