package io.mqttspring.benchmarks;

import java.util.List;

/**
 * The names of the implementations, as the results print them, and the pairs that the
 * {@code RATIO} lines compare.
 */
public final class Names {

	/** The starter on Paho MQTTv5, its default. */
	public static final String STARTER = "starter";

	/** The starter on MQTT 3.1.1, Paho MQTTv3. */
	public static final String STARTER_311 = "starter-3.1.1";

	/** The starter on the HiveMQ MQTT client ({@code mqtt.transport=hivemq}). */
	public static final String STARTER_HIVEMQ = "starter-hivemq";

	/** Paho MQTTv5 used directly. */
	public static final String RAW_PAHO = "raw-paho";

	/** Paho MQTTv3 used directly, on MQTT 3.1.1. */
	public static final String RAW_PAHO_V3 = "raw-paho-v3";

	/** The HiveMQ MQTT client used directly. */
	public static final String RAW_HIVEMQ = "raw-hivemq";

	/** Mosquitto's own command line clients, written in C: the most this broker delivers. */
	public static final String BROKER_CEILING = "broker-ceiling";

	/** Spring Integration's MQTT v5 adapters, default (synchronous) handler. */
	public static final String SPRING_INTEGRATION = "spring-integration";

	/** Spring Integration's MQTT v5 adapters, async handler. */
	public static final String SPRING_INTEGRATION_ASYNC = "spring-integration-async";

	/** Every implementation, in the order of the columns. */
	public static final List<String> ALL = List.of(STARTER, RAW_PAHO, SPRING_INTEGRATION, SPRING_INTEGRATION_ASYNC,
			STARTER_311, RAW_PAHO_V3, STARTER_HIVEMQ, RAW_HIVEMQ, BROKER_CEILING);

	/**
	 * The ratios of a RATIO line: the first two always (n/a when one did not run), the
	 * others when both ran.
	 */
	public static final List<Pair> RATIOS = List.of(new Pair(STARTER, RAW_PAHO, true),
			new Pair(STARTER, SPRING_INTEGRATION, true), new Pair(STARTER, BROKER_CEILING, false),
			new Pair(STARTER_311, RAW_PAHO_V3, false), new Pair(STARTER_HIVEMQ, RAW_PAHO, false),
			new Pair(STARTER_HIVEMQ, RAW_HIVEMQ, false), new Pair(RAW_HIVEMQ, RAW_PAHO, false));

	private Names() {
	}

	/**
	 * Two implementations a ratio compares.
	 * @param subject the one whose figure is divided
	 * @param baseline the one it is divided by
	 * @param always whether the ratio is printed, as {@code n/a}, when one did not run
	 */
	public record Pair(String subject, String baseline, boolean always) {

		@Override
		public String toString() {
			return this.subject + "/" + this.baseline;
		}

	}

}
