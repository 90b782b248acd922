package io.mqttspring.resilience;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.mqttspring.connection.PublishRejectedException;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishing while the broker stalls, restarts or drops the connection: memory stays
 * bounded, publishes wait through the outage and none is lost, and no thread of the
 * client ever waits for room it would have to free itself.
 */
class PublishingThroughOutagesTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPersistence()
		.withConfig("max_queued_messages 50000");

	@Test
	void frozenBrokerKeepsTheHeapBoundedAndEveryAdmittedPublishArrivesOnceItResumes() throws Exception {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.template.max-block=200ms", "mqtt.template.publish-timeout=2m")
			.withUserConfiguration(SequenceCollector.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "frozen/+");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
				memory.gc();
				long heapBefore = memory.getHeapMemoryUsage().getUsed();
				List<CompletableFuture<MqttPublishResult>> admitted = Collections.synchronizedList(new ArrayList<>());
				AtomicLong refused = new AtomicLong();
				Set<String> refusals = ConcurrentHashMap.newKeySet();
				mosquitto.freeze();
				long heapWhileFrozen;
				try {
					runFor(Duration.ofSeconds(15), 4, (thread, sequence) -> {
						CompletableFuture<MqttPublishResult> future = template.publish("frozen/" + thread,
								kibibyte(sequence));
						if (future.isCompletedExceptionally()) {
							refused.incrementAndGet();
							refusals.add(future.handle((result, failure) -> failure.getMessage())
								.join()
								.replaceAll("\\d+", "N"));
						}
						else {
							admitted.add(future);
						}
					});
					memory.gc();
					heapWhileFrozen = memory.getHeapMemoryUsage().getUsed();
				}
				finally {
					mosquitto.resume();
				}
				long growthMb = (heapWhileFrozen - heapBefore) / (1024 * 1024);
				System.out.println("Frozen broker, 15 s of 1 KiB publishes from 4 threads: " + admitted.size()
						+ " admitted, " + refused.get() + " refused, heap after GC grew " + growthMb + " MB, "
						+ "refusals: " + refusals);
				assertThat(admitted.size()).as("buffer (10,000) and Mosquitto's Receive Maximum (20)")
					.isBetween(1, 10_020);
				assertThat(growthMb).as("heap growth in MB while frozen").isLessThan(96);
				assertThat(refused.get()).isPositive();
				assertThat(refusals).allSatisfy((message) -> assertThat(message)
					.startsWith("Could not publish to 'frozen/N': the outbound buffer stayed full (N of N messages")
					.contains("for N ms (mqtt.template.max-block) with N publishes in flight; client '")
					.endsWith(" is CONNECTED"));
				CompletableFuture.allOf(admitted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
				SequenceCollector collector = context.getBean(SequenceCollector.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> collector.distinct() == admitted.size());
				assertThat(client.getRejectedPublishes(PublishRejectedException.Reason.BUFFER_FULL))
					.isEqualTo(refused.get());
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void brokerRestartInTheMiddleOfFiveThousandPublishesFromFourThreadsLosesNothingAndKeepsOrderPerTopic(
			String transport)
			throws Exception {
		ApplicationContextRunner receiver = MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.transport=" + transport)
			.withPropertyValues("mqtt.client-id=restart-receiver", "mqtt.clean-start=false", "mqtt.session-expiry=1h")
			.withUserConfiguration(SequenceCollector.class);
		receiver.run((receiving) -> {
			MqttContexts.awaitSubscribed(receiving, "restart/+");
			MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.transport=" + transport)
				// The defaults of an application, but for a quicker first reconnect
				.withPropertyValues("mqtt.template.publish-timeout=30s", "mqtt.reconnect.min-delay=500ms",
						"mqtt.reconnect.max-delay=2s")
				.run((publishing) -> {
					MqttContexts.awaitConnected(publishing);
					MqttTemplate template = publishing.getBean(MqttTemplate.class);
					List<CompletableFuture<MqttPublishResult>> futures = Collections
						.synchronizedList(new ArrayList<>());
					ExecutorService threads = Executors.newFixedThreadPool(4);
					CountDownLatch started = new CountDownLatch(4);
					List<Future<?>> publishers = new ArrayList<>();
					for (int thread = 0; thread < 4; thread++) {
						String topic = "restart/" + thread;
						publishers.add(threads.submit(() -> {
							started.countDown();
							for (int sequence = 0; sequence < 1250; sequence++) {
								futures.add(template.publish(topic, String.valueOf(sequence), 1, false));
								pause(1);
							}
							return null;
						}));
					}
					started.await();
					Thread.sleep(400);
					mosquitto.stop();
					Thread.sleep(3000);
					mosquitto.start();
					for (Future<?> publisher : publishers) {
						publisher.get(60, TimeUnit.SECONDS);
					}
					threads.shutdown();
					CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
					SequenceCollector collector = receiving.getBean(SequenceCollector.class);
					await().atMost(Duration.ofSeconds(60)).until(() -> collector.distinct() == 5000);
					System.out.println("Broker restarted for 3 s during 5,000 QoS 1 publishes: all acknowledged, "
							+ collector.distinct() + " distinct received, " + collector.duplicates()
							+ " duplicates, reconnects " + publishing.getBean(SharedMqttClient.class)
								.getStatus()
								.reconnects());
					assertThat(publishing.getBean(SharedMqttClient.class).getStatus().reconnects()).isOne();
					assertThat(collector.outOfOrder()).as("first arrivals that overtook a later number").isEmpty();
				});
		});
	}

	@Test
	void aDeepBufferAndADroppedConnectionEndWithEveryPublishAcknowledgedAndNoRecursion() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.template.buffer.max-messages=50000", "mqtt.template.publish-timeout=60s")
				.withUserConfiguration(SequenceCollector.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "deep/+");
					MqttTemplate template = context.getBean(MqttTemplate.class);
					SharedMqttClient client = context.getBean(SharedMqttClient.class);
					List<CompletableFuture<MqttPublishResult>> futures = new ArrayList<>();
					for (int sequence = 0; sequence < 20_000; sequence++) {
						futures.add(template.publish("deep/0", String.valueOf(sequence)));
					}
					int bufferedAtCut = client.getBufferedPublishes();
					proxy.cut();
					await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
					Thread.sleep(500);
					proxy.restore();
					CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
					SequenceCollector collector = context.getBean(SequenceCollector.class);
					await().atMost(Duration.ofSeconds(60)).until(() -> collector.distinct() == 20_000);
					System.out.println("20,000 QoS 1 publishes, " + bufferedAtCut + " buffered when the connection "
							+ "was cut: all acknowledged, " + collector.duplicates() + " duplicates");
					assertThat(bufferedAtCut).isGreaterThan(1000);
					assertThat(collector.outOfOrder()).isEmpty();
				});
		}
	}

	@Test
	void publishingFromAListenerOrAnInlineHandlerIntoAFullBufferFailsAtOnceAndTheConnectionKeepsWorking() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.template.buffer.max-messages=2", "mqtt.template.max-in-flight=1",
						"mqtt.template.max-block=30s")
				.withUserConfiguration(RepublishingListener.class, SequenceCollector.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "republish/in", "sequence/+");
					MqttTemplate template = context.getBean(MqttTemplate.class);
					SharedMqttClient client = context.getBean(SharedMqttClient.class);
					BlockingQueue<String> inline = new LinkedBlockingQueue<>();
					client.subscribe("inline/in", 1, (delivery) -> {
						long start = System.nanoTime();
						CompletableFuture<MqttPublishResult> result = template.publish("inline/out", "x");
						inline.add(describe(result, start));
						delivery.acknowledge();
					});
					MqttContexts.awaitSubscribed(context, "inline/in");
					proxy.pauseClientPackets();
					List<CompletableFuture<MqttPublishResult>> filling = List.of(template.publish("fill/0", "1"),
							template.publish("fill/0", "2"), template.publish("fill/0", "3"));
					assertThat(client.getInFlightPublishes()).isOne();
					assertThat(client.getBufferedPublishes()).isEqualTo(2);
					MosquittoClients.publish(mosquitto.port(), "republish/in", "from outside", 1);
					MosquittoClients.publish(mosquitto.port(), "inline/in", "from outside", 1);
					RepublishingListener listener = context.getBean(RepublishingListener.class);
					String fromListener = listener.outcomes.poll(10, TimeUnit.SECONDS);
					String fromInline = inline.poll(10, TimeUnit.SECONDS);
					System.out.println("Publish from a listener: " + fromListener + "; from an inline handler: "
							+ fromInline);
					for (String outcome : List.of(fromListener, fromInline)) {
						assertThat(outcome).startsWith("failed at once: Could not publish to '")
							.contains("the outbound buffer is full (2 of 2 messages")
							.contains("this publish was made on a thread that receives for the same MQTT connection");
					}
					proxy.resumeClientPackets();
					CompletableFuture.allOf(filling.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
					MosquittoClients.publish(mosquitto.port(), "sequence/0", "0", 1);
					SequenceCollector collector = context.getBean(SequenceCollector.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> collector.distinct() == 1);
					assertThat(client.getStatus().connectionLosses()).isZero();
				});
		}
	}

	@Test
	void aPublishFromAnApplicationRunnerWhileTheFirstConnectIsInProgressSucceeds() {
		SpringApplication application = new SpringApplication(StartupPublisher.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--mqtt.server-uris=" + mosquitto.uri(),
				"--spring.main.banner-mode=off")) {
			StartupPublisher publisher = context.getBean(StartupPublisher.class);
			System.out.println("Published from an ApplicationRunner in state " + publisher.stateAtPublish);
			assertThat(publisher.stateAtPublish).isNotEqualTo("CONNECTED");
			assertThat(publisher.result).succeedsWithin(Duration.ofSeconds(10));
		}
	}

	@Test
	void publishesAfterTheClientStoppedFailSayingSo() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttContexts.awaitConnected(context);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			CountDownLatch stopped = new CountDownLatch(1);
			client.stop(stopped::countDown);
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(template.publish("stopping/late", "x")).failsWithin(Duration.ZERO)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withMessageContaining("Could not publish to 'stopping/late': the MQTT client is stopping and takes "
						+ "no more publishes");
			assertThat(client.getRejectedPublishes(PublishRejectedException.Reason.STOPPING)).isOne();
		});
	}

	private static String describe(CompletableFuture<MqttPublishResult> result, long start) {
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		if (!result.isDone()) {
			return "waiting after " + millis + " ms";
		}
		return result.handle((published, failure) -> (failure == null) ? "succeeded"
				: ((millis < 1000) ? "failed at once: " : "failed after " + millis + " ms: ")
						+ failure.getMessage())
			.join();
	}

	private static void runFor(Duration duration, int threads, Step step) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		long deadline = System.nanoTime() + duration.toNanos();
		List<Future<?>> futures = new ArrayList<>();
		for (int thread = 0; thread < threads; thread++) {
			int index = thread;
			futures.add(executor.submit(() -> {
				for (int sequence = 0; System.nanoTime() < deadline; sequence++) {
					step.run(index, sequence);
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
		}
		executor.shutdown();
	}

	private static byte[] kibibyte(int sequence) {
		byte[] payload = new byte[1024];
		byte[] number = String.valueOf(sequence).getBytes(StandardCharsets.UTF_8);
		java.util.Arrays.fill(payload, (byte) ' ');
		System.arraycopy(number, 0, payload, 0, number.length);
		return payload;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface Step {

		void run(int thread, int sequence) throws Exception;

	}

	/**
	 * Collects the sequence numbers received per topic, in arrival order.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SequenceCollector {

		private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();

		private final AtomicInteger total = new AtomicInteger();

		@MqttListener(topics = { "frozen/+", "restart/+", "deep/+", "sequence/+" })
		void onMessage(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.received.computeIfAbsent(topic, (key) -> Collections.synchronizedList(new ArrayList<>()))
				.add(Integer.valueOf(payload.trim()));
			this.total.incrementAndGet();
		}

		int distinct() {
			return this.received.values().stream().mapToInt((numbers) -> Set.copyOf(numbers).size()).sum();
		}

		int duplicates() {
			return this.total.get() - distinct();
		}

		/** First arrivals of a number after a higher number of the same topic had arrived. */
		List<String> outOfOrder() {
			List<String> overtaken = new ArrayList<>();
			this.received.forEach((topic, numbers) -> {
				Set<Integer> seen = new java.util.HashSet<>();
				int highest = -1;
				synchronized (numbers) {
					for (int number : numbers) {
						if (seen.add(number)) {
							if (number < highest) {
								overtaken.add(topic + ": " + number + " after " + highest);
							}
							highest = Math.max(highest, number);
						}
					}
				}
			});
			return overtaken;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RepublishingListener {

		final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

		private final MqttTemplate template;

		RepublishingListener(MqttTemplate template) {
			this.template = template;
		}

		@MqttListener(topics = "republish/in")
		void onMessage(String payload) {
			long start = System.nanoTime();
			this.outcomes.add(describe(this.template.publish("republish/out", payload), start));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class StartupPublisher {

		volatile String stateAtPublish;

		volatile CompletableFuture<MqttPublishResult> result;

		@Bean
		ApplicationRunner publishAtStartup(MqttTemplate template, SharedMqttClient client) {
			return (arguments) -> {
				this.stateAtPublish = client.getState().name();
				this.result = template.publish("startup/hello", "published while connecting");
			};
		}

	}

}
