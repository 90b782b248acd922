package io.mqttspring.benchmarks.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The publishing application of the soak run: a Spring Boot application with the starter
 * and its default template and buffer settings, publishing sequenced QoS 1 messages from
 * one thread at a steady rate, round-robin over a few topics, through
 * {@link MqttTemplate#publish(String, Object, int, boolean)}. The call blocks when the
 * outbound buffer is full, as the starter makes it; after a stall the publisher catches up
 * at full speed. It records which sequence numbers the broker acknowledged, which publishes
 * failed and why, and samples of its heap and threads, and writes them to
 * {@code publisher.txt} once every publish has settled.
 */
public final class SoakPublisher {

	private static final String ROLE = "publisher";

	// A publish call this slow waited for room in the outbound buffer
	private static final long BLOCKED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	// Beyond the default publish time-out (30 s), for the last publishes to settle
	private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

	private final SoakSettings settings;

	private final MqttTemplate template;

	private final SharedMqttClient client;

	private final BitSet[] acknowledged;

	private final FailureTally failures = new FailureTally();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong acknowledgedCount = new AtomicLong();

	private final AtomicLong failedCount = new AtomicLong();

	private final AtomicLong lastSettledNanos = new AtomicLong();

	private SoakPublisher(SoakSettings settings, ConfigurableApplicationContext context) {
		this.settings = settings;
		this.template = context.getBean(MqttTemplate.class);
		this.client = context.getBean(SharedMqttClient.class);
		this.acknowledged = new BitSet[settings.topics()];
		for (int i = 0; i < settings.topics(); i++) {
			this.acknowledged[i] = new BitSet(settings.messagesOf(i));
		}
	}

	public static void main(String[] args) throws Exception {
		SoakSettings settings = SoakSettings.parse(SoakApplications.soakArgs(args));
		ConfigurableApplicationContext context = SoakApplications
			.builder(PublisherApplication.class, settings, ROLE, "mqtt.client-id=soak-publisher")
			.run(SoakApplications.springArgs(args));
		int exitCode;
		try {
			exitCode = new SoakPublisher(settings, context).run();
		}
		finally {
			context.close();
		}
		System.exit(exitCode);
	}

	private int run() throws Exception {
		ResourceSampler sampler = new ResourceSampler(this.settings.sampleInterval(),
				(sample) -> SoakApplications.progress(ROLE, progress() + "; "
						+ SoakApplications.describe(sample, this.client.getStatus())));
		sampler.start();
		String[] topics = new String[this.settings.topics()];
		for (int i = 0; i < topics.length; i++) {
			topics[i] = SoakSettings.topic(i);
		}
		double nanosPerMessage = 1e9 / this.settings.rate();
		long maxBlockNanos = 0;
		long blockedCalls = 0;
		long start = System.nanoTime();
		for (int i = 0; i < this.settings.count(); i++) {
			waitUntil(start + (long) (i * nanosPerMessage));
			int topic = i % topics.length;
			int seq = i / topics.length;
			byte[] payload = new SoakPayload(topic, seq, System.currentTimeMillis()).encode(this.settings.payloadSize());
			long before = System.nanoTime();
			this.template.publish(topics[topic], payload, 1, false)
				.whenComplete((result, failure) -> settled(topic, seq, failure));
			long blocked = System.nanoTime() - before;
			maxBlockNanos = Math.max(maxBlockNanos, blocked);
			if (blocked >= BLOCKED_NANOS) {
				blockedCalls++;
			}
			this.published.incrementAndGet();
		}
		long publishedNanos = System.nanoTime() - start;
		SoakApplications.progress(ROLE, String.format(Locale.ROOT, "all %,d published in %.1f s; waiting for them "
				+ "to settle", this.settings.count(), publishedNanos / 1e9));
		boolean settled = awaitSettled();
		List<Sample> samples = sampler.stop();
		MqttConnectionStatus status = this.client.getStatus();
		Map<String, Long> values = new LinkedHashMap<>();
		values.put("published", this.published.get());
		values.put("acknowledged", this.acknowledgedCount.get());
		values.put("failed", this.failedCount.get());
		values.put("unsettled", this.published.get() - this.acknowledgedCount.get() - this.failedCount.get());
		values.put("publish_millis", TimeUnit.NANOSECONDS.toMillis(publishedNanos));
		values.put("settle_millis", TimeUnit.NANOSECONDS.toMillis(Math.max(0, this.lastSettledNanos.get() - start)));
		values.put("max_block_millis", TimeUnit.NANOSECONDS.toMillis(maxBlockNanos));
		values.put("blocked_calls", blockedCalls);
		values.put("reconnects", status.reconnects());
		values.put("connection_losses", status.connectionLosses());
		for (PublishRejectedException.Reason reason : PublishRejectedException.Reason.values()) {
			values.put("rejected_" + reason.name().toLowerCase(Locale.ROOT),
					this.client.getRejectedPublishes(reason));
		}
		List<BitSet> acknowledged = new ArrayList<>();
		for (BitSet topic : this.acknowledged) {
			synchronized (topic) {
				acknowledged.add((BitSet) topic.clone());
			}
		}
		new SoakRecord(values, this.failures, samples, acknowledged)
			.write(SoakApplications.file(this.settings, "publisher.txt"));
		SoakApplications.progress(ROLE, progress() + (settled ? "" : "; gave up waiting for the rest"));
		return 0;
	}

	// On the client's thread that completed the publish
	private void settled(int topic, int seq, Throwable failure) {
		if (failure == null) {
			BitSet acknowledged = this.acknowledged[topic];
			synchronized (acknowledged) {
				acknowledged.set(seq);
			}
			this.acknowledgedCount.incrementAndGet();
		}
		else {
			this.failures.add(failure);
			this.failedCount.incrementAndGet();
		}
		this.lastSettledNanos.accumulateAndGet(System.nanoTime(), Math::max);
	}

	private boolean awaitSettled() throws InterruptedException {
		long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		while (this.acknowledgedCount.get() + this.failedCount.get() < this.published.get()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(50);
		}
		return true;
	}

	private String progress() {
		return String.format(Locale.ROOT, "%,d published, %,d acknowledged, %,d failed; %,d buffered, %,d in flight",
				this.published.get(), this.acknowledgedCount.get(), this.failedCount.get(),
				this.client.getBufferedPublishes(), this.client.getInFlightPublishes());
	}

	// Sleeping, not spinning: the machine runs the broker and the receiver too
	private static void waitUntil(long due) {
		for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	/**
	 * The application: auto-configuration only, the template is all it uses.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class PublisherApplication {

	}

}
