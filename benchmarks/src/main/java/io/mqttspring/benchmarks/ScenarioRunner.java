package io.mqttspring.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one scenario once on one implementation: publishes from the calling thread, at the
 * scenario's rate or as fast as the implementation takes messages, and waits for them at
 * the listener.
 */
public final class ScenarioRunner {

	// Without progress for this long, the missing messages count as lost (QoS 0)
	private static final long IDLE_MILLIS = 3_000;

	private static final long TIMEOUT_MILLIS = 120_000;

	private static final int DEVICES = 100;

	private final AtomicInteger runIds = new AtomicInteger();

	/**
	 * Run.
	 * @param implementation the implementation
	 * @param scenario the scenario
	 * @return what was measured
	 * @throws Exception if the implementation failed
	 */
	public RunResult run(Implementation implementation, Scenario scenario) throws Exception {
		int runId = this.runIds.incrementAndGet();
		Family family = scenario.family();
		int messages = implementation.messages(scenario);
		Recorder recorder = new Recorder(runId, messages, family.work());
		String[] topics = topics(implementation.name(), family, runId);
		String[] devices = new String[DEVICES];
		for (int i = 0; i < DEVICES; i++) {
			devices[i] = "sensor-" + i;
		}
		Implementation.Run run = implementation.prepare(scenario, recorder);
		// Garbage of the previous run is not this run's cost
		System.gc();
		long interval = (scenario.rate() > 0) ? TimeUnit.SECONDS.toNanos(1) / scenario.rate() : 0;
		recorder.start();
		long start = System.nanoTime();
		for (int seq = 0; seq < messages; seq++) {
			if (interval > 0) {
				waitUntil(start + seq * interval);
			}
			long now = System.nanoTime();
			Object payload = family.json() ? new Reading(runId, seq, now, devices[seq % DEVICES], 20 + seq % 10)
					: Payloads.encode(runId, seq, now);
			run.publish(topics[seq % topics.length], payload, family.qos());
		}
		recorder.await(IDLE_MILLIS, TIMEOUT_MILLIS);
		run.awaitPublished(Duration.ofSeconds(30));
		return recorder.result();
	}

	private static String[] topics(String implementation, Family family, int runId) {
		// Built before the clock starts; the work families use 64 topics
		String[] topics = new String[64];
		for (int seq = 0; seq < topics.length; seq++) {
			topics[seq] = family.topic(implementation, runId, seq);
		}
		return topics;
	}

	// Sleeping, not spinning: a spinning publisher would take one of the two cores
	private static void waitUntil(long due) {
		for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
