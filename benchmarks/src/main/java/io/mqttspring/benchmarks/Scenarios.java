package io.mqttspring.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of the issue, with its message counts.
 */
public final class Scenarios {

	public static final String THROUGHPUT_QOS0 = "throughput-qos0";

	public static final String THROUGHPUT_QOS1 = "throughput-qos1";

	public static final String THROUGHPUT_QOS2 = "throughput-qos2";

	public static final String LATENCY = "latency-qos1-2000";

	public static final String WORK_CONCURRENCY_1 = "listener-1ms-concurrency-1";

	public static final String WORK_CONCURRENCY_8 = "listener-1ms-concurrency-8";

	public static final String LISTENERS_1 = "listeners-1";

	public static final String LISTENERS_1000 = "listeners-1000";

	public static final String PAYLOAD_BYTES = "payload-bytes";

	public static final String PAYLOAD_JSON = "payload-json";

	/** Broker killed and restarted; it runs on a broker of its own, not as messages. */
	public static final String RECONNECT = "reconnect";

	private Scenarios() {
	}

	/**
	 * The message scenarios.
	 * @param scale multiplies every message count (1 for the recorded results)
	 * @return the scenarios, in the order they run
	 */
	public static List<Scenario> all(double scale) {
		List<Scenario> scenarios = new ArrayList<>();
		// Half of what they were with four implementations: with nine, a full run stays under ten
		// minutes; a run still lasts seconds
		scenarios.add(Scenario.throughput(THROUGHPUT_QOS0, Family.QOS0, count(50_000, scale)));
		scenarios.add(Scenario.throughput(THROUGHPUT_QOS1, Family.QOS1, count(50_000, scale)));
		scenarios.add(Scenario.throughput(THROUGHPUT_QOS2, Family.QOS2, count(25_000, scale)));
		// 2,000 msg/s for 5 s: 10,000 latencies, a p99 of the 100 slowest
		scenarios.add(new Scenario(LATENCY, Family.QOS1, count(10_000, scale), 2_000, 0, Scenario.Metric.P99_LATENCY));
		// About 2 s of work on one thread
		scenarios.add(Scenario.throughput(WORK_CONCURRENCY_1, Family.WORK_CONCURRENCY_1, count(2_000, scale)));
		scenarios.add(Scenario.throughput(WORK_CONCURRENCY_8, Family.WORK_CONCURRENCY_8, count(8_000, scale)));
		scenarios.add(Scenario.throughput(LISTENERS_1, Family.MANY, count(20_000, scale)));
		scenarios.add(Scenario.throughput(PAYLOAD_BYTES, Family.QOS1, count(20_000, scale)));
		scenarios.add(Scenario.throughput(PAYLOAD_JSON, Family.JSON, count(20_000, scale)));
		// Last: its extra listeners stay subscribed
		scenarios.add(new Scenario(LISTENERS_1000, Family.MANY, count(20_000, scale), 0, 999,
				Scenario.Metric.THROUGHPUT));
		return scenarios;
	}

	private static int count(int messages, double scale) {
		return Math.max(100, (int) Math.round(messages * scale));
	}

}
