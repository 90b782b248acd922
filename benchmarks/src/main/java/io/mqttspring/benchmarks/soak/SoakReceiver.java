package io.mqttspring.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.mqttspring.connection.MqttConnectionStatus;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The receiving application of the soak run: a Spring Boot application with the starter,
 * an {@link MqttListener} on {@code soak/#} at QoS 1 and a persistent session (client id
 * {@code soak-receiver}, {@code clean-start=false}, session expiry 1 h), so that the
 * broker keeps its messages while it is disconnected. It writes {@code receiver.ready}
 * once subscribed; once the publisher's record exists it waits until every acknowledged
 * message arrived, or until none arrived for the idle time-out, and writes
 * {@code receiver.txt}: what arrived, duplicates and out-of-order arrivals, samples of its
 * heap and threads.
 */
public final class SoakReceiver {

	private static final String ROLE = "receiver";

	private static final String FILTER = "soak/#";

	private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);

	private SoakReceiver() {
	}

	public static void main(String[] args) throws Exception {
		SoakSettings settings = SoakSettings.parse(SoakApplications.soakArgs(args));
		Arrivals arrivals = new Arrivals(settings.topics());
		ConfigurableApplicationContext context = SoakApplications
			.builder(ReceiverApplication.class, settings, ROLE, "mqtt.client-id=soak-receiver",
					"mqtt.clean-start=false", "mqtt.session-expiry=1h")
			.initializers((applicationContext) -> applicationContext.getBeanFactory()
				.registerSingleton("arrivals", arrivals))
			.run(SoakApplications.springArgs(args));
		try {
			run(settings, arrivals, context.getBean(SharedMqttClient.class));
		}
		finally {
			context.close();
		}
		System.exit(0);
	}

	private static void run(SoakSettings settings, Arrivals arrivals, SharedMqttClient client) throws Exception {
		long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
		while (!client.isSubscribed(FILTER)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not subscribed to " + FILTER + " within " + SUBSCRIBE_TIMEOUT + ": "
						+ client.getStatus());
			}
			Thread.sleep(10);
		}
		Files.writeString(SoakApplications.file(settings, "receiver.ready"), "subscribed\n");
		ResourceSampler sampler = new ResourceSampler(settings.sampleInterval(),
				(sample) -> SoakApplications.progress(ROLE,
						progress(arrivals) + "; " + SoakApplications.describe(sample, client.getStatus())));
		sampler.start();
		Path publisherRecord = SoakApplications.file(settings, "publisher.txt");
		SoakRecord publisher = null;
		long waitingSince = 0;
		boolean complete = false;
		while (true) {
			if (publisher == null && Files.exists(publisherRecord)) {
				publisher = SoakRecord.read(publisherRecord);
				waitingSince = System.nanoTime();
				SoakApplications.progress(ROLE, "the publisher is done; waiting for the messages it had acknowledged");
			}
			if (publisher != null) {
				if (arrivals.containsAll(publisher.topics())) {
					complete = true;
					break;
				}
				long lastProgress = Math.max(waitingSince, arrivals.lastArrivalNanos());
				if (System.nanoTime() - lastProgress > settings.idleTimeout().toNanos()) {
					SoakApplications.progress(ROLE, "nothing arrived for " + settings.idleTimeout().toSeconds()
							+ " s; some acknowledged messages are missing");
					break;
				}
			}
			Thread.sleep(100);
		}
		List<Sample> samples = sampler.stop();
		MqttConnectionStatus status = client.getStatus();
		Map<String, Long> values = new LinkedHashMap<>();
		values.put("arrivals", arrivals.arrivals());
		values.put("distinct", arrivals.distinct());
		values.put("duplicates", arrivals.duplicates());
		values.put("out_of_order", arrivals.outOfOrder());
		values.put("max_latency_millis", arrivals.maxLatencyMillis());
		values.put("complete", complete ? 1L : 0L);
		values.put("reconnects", status.reconnects());
		values.put("connection_losses", status.connectionLosses());
		new SoakRecord(values, new FailureTally(), samples, arrivals.received())
			.write(SoakApplications.file(settings, "receiver.txt"));
		SoakApplications.progress(ROLE, progress(arrivals) + (complete ? "; every acknowledged message arrived" : ""));
	}

	private static String progress(Arrivals arrivals) {
		return String.format(Locale.ROOT, "%,d received (%,d duplicates, %,d out of order, longest %,d ms)",
				arrivals.distinct(), arrivals.duplicates(), arrivals.outOfOrder(), arrivals.maxLatencyMillis());
	}

	/**
	 * The application: auto-configuration and the listener.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class ReceiverApplication {

		@Bean
		SoakListener soakListener(Arrivals arrivals) {
			return new SoakListener(arrivals);
		}

	}

	/**
	 * Records every message.
	 */
	public static class SoakListener {

		private final Arrivals arrivals;

		public SoakListener(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@MqttListener(id = "soak", topics = FILTER, qos = 1)
		public void received(byte[] payload) {
			this.arrivals.arrived(SoakPayload.decode(payload));
		}

	}

}
