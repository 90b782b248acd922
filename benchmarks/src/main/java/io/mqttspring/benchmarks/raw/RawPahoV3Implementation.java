package io.mqttspring.benchmarks.raw;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Names;
import io.mqttspring.benchmarks.Reading;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.Scenario;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling for anything built on Paho MQTTv3, on MQTT 3.1.1: one
 * {@link MqttAsyncClient}, a publisher that keeps a window of unacknowledged publishes (the
 * client's own in-flight limit raised to the window), and one {@link MqttCallback} that
 * hands each message to its family's handler by the topic's third level (MQTT 3.1.1 has no
 * subscription identifiers). Paho acknowledges a message when the callback returns.
 */
public final class RawPahoV3Implementation implements Implementation {

	private static final long WAIT_MILLIS = 10_000;

	private final String serverUri;

	private final Set<String> scenarios;

	private final Semaphore window;

	private final int windowSize;

	private final Inbox inbox = new Inbox();

	private final JsonMapper jsonMapper = JsonMapper.shared();

	// By the topic's third level: bench/raw-paho-v3/<segment>/...
	private final Map<String, Consumer<MqttMessage>> handlers = new ConcurrentHashMap<>();

	private final Set<Family> subscribed = ConcurrentHashMap.newKeySet();

	private final ExecutorService workers = Executors.newFixedThreadPool(8, (runnable) -> {
		Thread thread = new Thread(runnable, "raw-paho-v3-worker");
		thread.setDaemon(true);
		return thread;
	});

	private final IMqttActionListener releaseWindow = new IMqttActionListener() {

		@Override
		public void onSuccess(IMqttToken token) {
			RawPahoV3Implementation.this.window.release();
		}

		@Override
		public void onFailure(IMqttToken token, Throwable exception) {
			RawPahoV3Implementation.this.window.release();
			RawPahoV3Implementation.this.inbox.publishFailed();
		}

	};

	private final RawRun run = new RawRun();

	private int extraListeners;

	private MqttAsyncClient client;

	/**
	 * @param serverUri the broker
	 * @param windowSize how many publishes may await their acknowledgement at once
	 * @param scenarios the scenarios it runs, empty for all
	 */
	public RawPahoV3Implementation(String serverUri, int windowSize, Set<String> scenarios) {
		this.serverUri = serverUri;
		this.windowSize = windowSize;
		this.window = new Semaphore(windowSize);
		this.scenarios = scenarios;
	}

	@Override
	public String name() {
		return Names.RAW_PAHO_V3;
	}

	@Override
	public boolean runs(Scenario scenario) {
		return this.scenarios.isEmpty() || this.scenarios.contains(scenario.name());
	}

	@Override
	public void start() throws MqttException {
		this.client = new MqttAsyncClient(this.serverUri, "bench-raw-paho-v3", new MemoryPersistence());
		this.client.setCallback(new DispatchingCallback());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		options.setCleanSession(true);
		// Paho MQTTv3 refuses publishes beyond its own limit (10 by default)
		options.setMaxInflight(this.windowSize);
		options.setSocketFactory(new NoDelaySocketFactory());
		this.client.connect(options).waitForCompletion(WAIT_MILLIS);
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) throws MqttException {
		this.inbox.setRecorder(recorder);
		Family family = scenario.family();
		if (this.subscribed.add(family)) {
			String filter = family.filter(name());
			this.handlers.put(filter.split("/")[2], handler(family));
			this.client.subscribe(filter, family.qos()).waitForCompletion(WAIT_MILLIS);
		}
		List<String> extraFilters = new ArrayList<>();
		for (int n = this.extraListeners + 1; n <= scenario.extraListeners(); n++) {
			extraFilters.add(Family.manyFilter(name(), n));
		}
		if (!extraFilters.isEmpty()) {
			this.client.subscribe(extraFilters.toArray(String[]::new), new int[extraFilters.size()])
				.waitForCompletion(WAIT_MILLIS);
			this.extraListeners = scenario.extraListeners();
		}
		return this.run;
	}

	private Consumer<MqttMessage> handler(Family family) {
		if (family.json()) {
			return (message) -> this.inbox.received(this.jsonMapper.readValue(message.getPayload(), Reading.class));
		}
		if (family.concurrency() > 1) {
			return (message) -> this.workers.execute(() -> this.inbox.received(message.getPayload()));
		}
		return (message) -> this.inbox.received(message.getPayload());
	}

	@Override
	public void close() throws MqttException {
		this.workers.shutdownNow();
		if (this.client != null) {
			this.client.disconnect().waitForCompletion(WAIT_MILLIS);
			this.client.close();
		}
	}

	private final class DispatchingCallback implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			int start = topic.indexOf('/', topic.indexOf('/') + 1) + 1;
			int end = topic.indexOf('/', start);
			Consumer<MqttMessage> handler = RawPahoV3Implementation.this.handlers
				.get(topic.substring(start, (end < 0) ? topic.length() : end));
			if (handler != null) {
				handler.accept(message);
			}
		}

		@Override
		public void connectionLost(Throwable cause) {
			System.err.println("raw-paho-v3 connection lost: " + cause);
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

	private final class RawRun implements Run {

		@Override
		public void publish(String topic, Object payload, int qos) throws Exception {
			byte[] bytes = (payload instanceof byte[] raw) ? raw
					: RawPahoV3Implementation.this.jsonMapper.writeValueAsBytes(payload);
			MqttMessage message = new MqttMessage(bytes);
			message.setQos(qos);
			RawPahoV3Implementation.this.window.acquire();
			try {
				RawPahoV3Implementation.this.client.publish(topic, message, null,
						RawPahoV3Implementation.this.releaseWindow);
			}
			catch (MqttException ex) {
				RawPahoV3Implementation.this.window.release();
				throw ex;
			}
		}

		@Override
		public boolean awaitPublished(Duration timeout) throws InterruptedException {
			Semaphore window = RawPahoV3Implementation.this.window;
			int size = RawPahoV3Implementation.this.windowSize;
			if (!window.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return false;
			}
			window.release(size);
			return true;
		}

	}

}
