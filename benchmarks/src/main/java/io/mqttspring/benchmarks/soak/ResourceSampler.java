package io.mqttspring.benchmarks.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Samples this JVM's heap after a full collection and its live threads at a fixed
 * interval, on a daemon thread of its own (counted among the threads, the same in every
 * sample). The collection is an explicit {@link System#gc()}, a full stop-the-world
 * collection: what remains is the live set, whatever the collector did lately, so that
 * samples taken minutes apart compare. It pauses the JVM for some milliseconds per sample.
 */
public final class ResourceSampler {

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

	private final List<Sample> samples = new ArrayList<>();

	private final Duration interval;

	private final Consumer<Sample> onSample;

	private final Thread thread;

	/**
	 * @param interval the time between samples
	 * @param onSample called on the sampler's thread after each sample (progress lines)
	 */
	public ResourceSampler(Duration interval, Consumer<Sample> onSample) {
		this.interval = interval;
		this.onSample = onSample;
		this.thread = new Thread(this::run, "soak-sampler");
		this.thread.setDaemon(true);
	}

	public void start() {
		this.thread.start();
	}

	/**
	 * Take a last sample now and stop sampling.
	 * @return every sample, in order
	 * @throws InterruptedException if interrupted
	 */
	public List<Sample> stop() throws InterruptedException {
		this.thread.interrupt();
		this.thread.join();
		synchronized (this.samples) {
			this.samples.add(sample());
			return List.copyOf(this.samples);
		}
	}

	private void run() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(this.interval.toMillis());
				Sample sample = sample();
				synchronized (this.samples) {
					this.samples.add(sample);
				}
				this.onSample.accept(sample);
			}
		}
		catch (InterruptedException ex) {
			// Stopped
		}
	}

	private Sample sample() {
		System.gc();
		return new Sample(this.runtime.getUptime(), this.memory.getHeapMemoryUsage().getUsed(),
				this.threads.getThreadCount());
	}

}
