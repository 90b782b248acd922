package io.mqttspring.benchmarks;

/**
 * A kind of subscription a scenario publishes to. Every implementation subscribes each
 * family once, under its own topic prefix ({@code bench/<implementation>/...}), so that
 * the implementations can stay connected to the same broker side by side.
 */
public enum Family {

	/** byte[] at QoS 0. */
	QOS0("qos0", 0, 1, false, false),

	/** byte[] at QoS 1. */
	QOS1("qos1", 1, 1, false, false),

	/** byte[] at QoS 2. */
	QOS2("qos2", 2, 1, false, false),

	/** A listener with 1 ms of work per message on one thread. */
	WORK_CONCURRENCY_1("work1", 1, 1, true, false),

	/** A listener with 1 ms of work per message on eight threads. */
	WORK_CONCURRENCY_8("work8", 1, 8, true, false),

	/**
	 * The listener of the many-listeners scenarios, {@code bench/<impl>/many/0/+}; the
	 * scenario adds listeners on {@code bench/<impl>/many/<n>/+} that match nothing sent.
	 */
	MANY("many", 1, 1, false, false),

	/** A {@link Reading} as JSON at QoS 1. */
	JSON("json", 1, 1, false, true);

	/**
	 * Messages of the work families go to this many topics (devices, say). The starter keeps
	 * each topic on one thread, chosen by the topic's hash: with 64 topics, 8 threads got
	 * between 6 and 10 topics each, and the busiest thread set the pace.
	 */
	private static final int WORK_TOPICS = 1000;

	private final String segment;

	private final int qos;

	private final int concurrency;

	private final boolean work;

	private final boolean json;

	Family(String segment, int qos, int concurrency, boolean work, boolean json) {
		this.segment = segment;
		this.qos = qos;
		this.concurrency = concurrency;
		this.work = work;
		this.json = json;
	}

	public int qos() {
		return this.qos;
	}

	public int concurrency() {
		return this.concurrency;
	}

	public boolean work() {
		return this.work;
	}

	public boolean json() {
		return this.json;
	}

	/**
	 * The filter an implementation subscribes for this family.
	 * @param implementation the implementation's name
	 * @return the topic filter
	 */
	public String filter(String implementation) {
		return (this == MANY) ? manyFilter(implementation, 0) : "bench/" + implementation + "/" + this.segment + "/#";
	}

	/**
	 * How many topics the messages of a run go to.
	 * @return the number of topics
	 */
	public int topics() {
		return this.work ? WORK_TOPICS : 1;
	}

	/**
	 * The topic of one message. Per-topic ordering keeps a topic on one listener thread, so
	 * the work families spread their messages over several topics.
	 * @param implementation the implementation's name
	 * @param runId the run
	 * @param seq the message's sequence number
	 * @return the topic
	 */
	public String topic(String implementation, int runId, int seq) {
		if (this == MANY) {
			return "bench/" + implementation + "/many/0/" + runId;
		}
		String base = "bench/" + implementation + "/" + this.segment + "/" + runId;
		return this.work ? base + "/" + (seq % WORK_TOPICS) : base;
	}

	/**
	 * The filter of the n-th listener of the many-listeners scenario; only the 0th matches
	 * the messages sent.
	 * @param implementation the implementation's name
	 * @param n the listener's number
	 * @return the topic filter
	 */
	public static String manyFilter(String implementation, int n) {
		return "bench/" + implementation + "/many/" + n + "/+";
	}

}
