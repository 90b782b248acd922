package io.mqttspring.benchmarks.raw;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Reading;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.Scenario;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling for anything built on Paho: one {@link MqttAsyncClient}, a publisher that
 * keeps a window of unacknowledged publishes, and one {@link MqttCallback} that hands each
 * message to its subscription's handler by subscription identifier. Paho acknowledges a
 * message when the callback returns. The 1 ms listener with one thread works inside the
 * callback; with eight, it hands over to a fixed thread pool.
 */
public final class RawPahoImplementation implements Implementation {

	public static final String NAME = "raw-paho";

	private static final long WAIT_MILLIS = 10_000;

	private final String serverUri;

	private final Semaphore window;

	private final int windowSize;

	private final Inbox inbox = new Inbox();

	private final JsonMapper jsonMapper = JsonMapper.shared();

	private final Map<Integer, Consumer<MqttMessage>> handlers = new ConcurrentHashMap<>();

	private final Map<Family, Integer> subscribed = new ConcurrentHashMap<>();

	private final AtomicInteger subscriptionIds = new AtomicInteger();

	private final ExecutorService workers = Executors.newFixedThreadPool(8, (runnable) -> {
		Thread thread = new Thread(runnable, "raw-paho-worker");
		thread.setDaemon(true);
		return thread;
	});

	private final MqttActionListener releaseWindow = new MqttActionListener() {

		@Override
		public void onSuccess(IMqttToken token) {
			RawPahoImplementation.this.window.release();
		}

		@Override
		public void onFailure(IMqttToken token, Throwable exception) {
			RawPahoImplementation.this.window.release();
			RawPahoImplementation.this.inbox.publishFailed();
		}

	};

	private final RawRun run = new RawRun();

	private int extraListeners;

	private MqttAsyncClient client;

	/**
	 * @param serverUri the broker
	 * @param windowSize how many publishes may await their acknowledgement at once
	 */
	public RawPahoImplementation(String serverUri, int windowSize) {
		this.serverUri = serverUri;
		this.windowSize = windowSize;
		this.window = new Semaphore(windowSize);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void start() throws MqttException {
		this.client = new MqttAsyncClient(this.serverUri, "bench-raw-paho", new MemoryPersistence());
		this.client.setCallback(new DispatchingCallback());
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setCleanStart(true);
		options.setSocketFactory(new NoDelaySocketFactory());
		this.client.connect(options).waitForCompletion(WAIT_MILLIS);
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) throws MqttException {
		this.inbox.setRecorder(recorder);
		Family family = scenario.family();
		if (!this.subscribed.containsKey(family)) {
			this.subscribed.put(family, subscribe(List.of(family.filter(NAME)), family.qos(), handler(family)));
		}
		List<String> extraFilters = new ArrayList<>();
		for (int n = this.extraListeners + 1; n <= scenario.extraListeners(); n++) {
			extraFilters.add(Family.manyFilter(NAME, n));
		}
		if (!extraFilters.isEmpty()) {
			subscribe(extraFilters, 1, (message) -> {
			});
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

	// One SUBSCRIBE per filter, each with its own identifier, like one listener each
	private int subscribe(List<String> filters, int qos, Consumer<MqttMessage> handler) throws MqttException {
		List<IMqttToken> tokens = new ArrayList<>();
		int id = 0;
		for (String filter : filters) {
			id = this.subscriptionIds.incrementAndGet();
			this.handlers.put(id, handler);
			MqttProperties properties = new MqttProperties();
			properties.setSubscriptionIdentifier(id);
			tokens.add(this.client.subscribe(new MqttSubscription[] { new MqttSubscription(filter, qos) }, null, null,
					properties));
		}
		for (IMqttToken token : tokens) {
			token.waitForCompletion(WAIT_MILLIS);
		}
		return id;
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
			for (Integer id : message.getProperties().getSubscriptionIdentifiers()) {
				Consumer<MqttMessage> handler = RawPahoImplementation.this.handlers.get(id);
				if (handler != null) {
					handler.accept(message);
				}
			}
		}

		@Override
		public void disconnected(MqttDisconnectResponse response) {
			System.err.println("raw-paho disconnected: " + response);
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
			System.err.println("raw-paho error: " + exception);
		}

		@Override
		public void deliveryComplete(IMqttToken token) {
		}

		@Override
		public void connectComplete(boolean reconnect, String serverURI) {
		}

		@Override
		public void authPacketArrived(int reasonCode, MqttProperties properties) {
		}

	}

	private final class RawRun implements Run {

		@Override
		public void publish(String topic, Object payload, int qos) throws Exception {
			byte[] bytes = (payload instanceof byte[] raw) ? raw
					: RawPahoImplementation.this.jsonMapper.writeValueAsBytes(payload);
			MqttMessage message = new MqttMessage(bytes);
			message.setQos(qos);
			RawPahoImplementation.this.window.acquire();
			try {
				RawPahoImplementation.this.client.publish(topic, message, null,
						RawPahoImplementation.this.releaseWindow);
			}
			catch (MqttException ex) {
				RawPahoImplementation.this.window.release();
				throw ex;
			}
		}

		@Override
		public boolean awaitPublished(Duration timeout) throws InterruptedException {
			Semaphore window = RawPahoImplementation.this.window;
			int size = RawPahoImplementation.this.windowSize;
			if (!window.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return false;
			}
			window.release(size);
			return true;
		}

	}

}
