package io.mqttspring.benchmarks.raw;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Names;
import io.mqttspring.benchmarks.Reading;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.Scenario;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HiveMQ MQTT client (Netty) used directly, MQTT 5: one {@link Mqtt5AsyncClient}, a
 * publisher that keeps a window of unacknowledged publishes, and a callback per
 * subscription (the client routes by itself). The client acknowledges a message when its
 * callback returns. The 1 ms listener with eight threads hands over to a fixed pool.
 */
public final class RawHiveMqImplementation implements Implementation {

	private static final long WAIT_SECONDS = 10;

	private final URI serverUri;

	private final Set<String> scenarios;

	private final Semaphore window;

	private final int windowSize;

	private final Inbox inbox = new Inbox();

	private final JsonMapper jsonMapper = JsonMapper.shared();

	private final Set<Family> subscribed = ConcurrentHashMap.newKeySet();

	private final ExecutorService workers = Executors.newFixedThreadPool(8, (runnable) -> {
		Thread thread = new Thread(runnable, "raw-hivemq-worker");
		thread.setDaemon(true);
		return thread;
	});

	private final RawRun run = new RawRun();

	private int extraListeners;

	private Mqtt5AsyncClient client;

	/**
	 * @param serverUri the broker, {@code tcp://host:port}
	 * @param windowSize how many publishes may await their acknowledgement at once
	 * @param scenarios the scenarios it runs, empty for all
	 */
	public RawHiveMqImplementation(String serverUri, int windowSize, Set<String> scenarios) {
		this.serverUri = URI.create(serverUri);
		this.windowSize = windowSize;
		this.window = new Semaphore(windowSize);
		this.scenarios = scenarios;
	}

	@Override
	public String name() {
		return Names.RAW_HIVEMQ;
	}

	@Override
	public boolean runs(Scenario scenario) {
		return this.scenarios.isEmpty() || this.scenarios.contains(scenario.name());
	}

	@Override
	public void start() throws Exception {
		this.client = MqttClient.builder()
			.useMqttVersion5()
			.identifier("bench-raw-hivemq")
			.serverHost(this.serverUri.getHost())
			.serverPort(this.serverUri.getPort())
			.buildAsync();
		this.client.connectWith().cleanStart(true).send().get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) throws Exception {
		this.inbox.setRecorder(recorder);
		Family family = scenario.family();
		if (this.subscribed.add(family)) {
			subscribe(family.filter(name()), family.qos(), handler(family)).get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		List<CompletableFuture<?>> extra = new ArrayList<>();
		for (int n = this.extraListeners + 1; n <= scenario.extraListeners(); n++) {
			extra.add(subscribe(Family.manyFilter(name(), n), 1, (message) -> {
			}));
		}
		CompletableFuture.allOf(extra.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
		this.extraListeners = Math.max(this.extraListeners, scenario.extraListeners());
		return this.run;
	}

	private CompletableFuture<?> subscribe(String filter, int qos, Consumer<Mqtt5Publish> handler) {
		return this.client.subscribeWith()
			.topicFilter(filter)
			.qos(MqttQos.fromCode(qos))
			.callback(handler)
			.send();
	}

	private Consumer<Mqtt5Publish> handler(Family family) {
		if (family.json()) {
			return (message) -> this.inbox
				.received(this.jsonMapper.readValue(message.getPayloadAsBytes(), Reading.class));
		}
		if (family.concurrency() > 1) {
			return (message) -> {
				byte[] payload = message.getPayloadAsBytes();
				this.workers.execute(() -> this.inbox.received(payload));
			};
		}
		return (message) -> this.inbox.received(message.getPayloadAsBytes());
	}

	@Override
	public void close() throws Exception {
		this.workers.shutdownNow();
		if (this.client != null) {
			this.client.disconnect().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
	}

	private final class RawRun implements Run {

		@Override
		public void publish(String topic, Object payload, int qos) throws Exception {
			RawHiveMqImplementation outer = RawHiveMqImplementation.this;
			byte[] bytes = (payload instanceof byte[] raw) ? raw : outer.jsonMapper.writeValueAsBytes(payload);
			outer.window.acquire();
			outer.client.publishWith()
				.topic(topic)
				.qos(MqttQos.fromCode(qos))
				.payload(bytes)
				.send()
				.whenComplete((result, failure) -> {
					outer.window.release();
					if (failure != null || result.getError().isPresent()) {
						outer.inbox.publishFailed();
					}
				});
		}

		@Override
		public boolean awaitPublished(Duration timeout) throws InterruptedException {
			Semaphore window = RawHiveMqImplementation.this.window;
			int size = RawHiveMqImplementation.this.windowSize;
			if (!window.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return false;
			}
			window.release(size);
			return true;
		}

	}

}
