package io.mqttspring.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.mqttspring.benchmarks.ceiling.BrokerCeiling;

/**
 * Runs one scenario once on one implementation: publishes from the calling thread, at the
 * scenario's rate or as fast as the implementation takes messages, and waits for them at
 * the listener.
 */
public final class ScenarioRunner {

	// Without progress for this long, the missing messages count as lost (QoS 0)
	private static final long IDLE_MILLIS = 3_000;

	// After publishing: a run that takes longer has collapsed, and what arrived until then
	// is its result
	private static final long TIMEOUT_MILLIS = 30_000;

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

	private static final int DEVICES = 100;

	private final AtomicInteger runIds = new AtomicInteger();

	private final CpuMeter cpu;

	public ScenarioRunner(CpuMeter cpu) {
		this.cpu = cpu;
	}

	/**
	 * Run.
	 * @param implementation the implementation
	 * @param scenario the scenario
	 * @return what was measured, and whether the implementation was idle again afterwards
	 * @throws Exception if the implementation failed
	 */
	public Outcome run(Implementation implementation, Scenario scenario) throws Exception {
		int runId = this.runIds.incrementAndGet();
		if (implementation instanceof BrokerCeiling ceiling) {
			System.gc();
			return new Outcome(ceiling.measure(scenario, runId, this.cpu), true);
		}
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
		long jvmCpu = this.cpu.jvmNanos();
		long brokerCpu = this.cpu.brokerNanos();
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
		RunResult result = recorder.result()
			.withCpu(this.cpu.jvmNanos() - jvmCpu,
					(brokerCpu >= 0) ? this.cpu.brokerNanos() - brokerCpu : -1);
		boolean idle = run.awaitPublished(DRAIN_TIMEOUT);
		return new Outcome(result, idle);
	}

	/**
	 * What a run measured.
	 * @param result the figures
	 * @param idle whether all publishes were acknowledged soon after; if not, the
	 * implementation is still busy and would slow down the next run
	 */
	public record Outcome(RunResult result, boolean idle) {
	}

	private static String[] topics(String implementation, Family family, int runId) {
		// Built before the clock starts
		String[] topics = new String[family.topics()];
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
