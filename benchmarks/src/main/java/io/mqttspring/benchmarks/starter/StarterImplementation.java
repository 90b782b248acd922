package io.mqttspring.benchmarks.starter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.Scenario;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter: a Spring Boot context of {@link StarterBenchmarkApplication}, publishing
 * with {@link MqttTemplate} and consuming with its {@code @MqttListener} methods, all with
 * the default settings but the broker's address and, for the variants on another protocol
 * or transport, the property that chooses it. The extra listeners of the many-listeners
 * scenario are added at runtime through the registry.
 */
public final class StarterImplementation implements Implementation {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final String name;

	private final String serverUri;

	private final Set<String> scenarios;

	private final String[] properties;

	private final Semaphore window;

	private ConfigurableApplicationContext context;

	private MqttTemplate template;

	private SharedMqttClient client;

	private MqttListenerEndpointRegistry registry;

	private Inbox inbox;

	private final StarterRun run = new StarterRun();

	private int extraListeners;

	/**
	 * @param name the name in the results and topics
	 * @param serverUri the broker
	 * @param window publishes the harness lets wait for their acknowledgement before it
	 * waits itself, 0 for no limit of its own (the template's outbound buffer bounds them
	 * and blocks the caller when full)
	 * @param scenarios the scenarios it runs, empty for all
	 * @param properties more properties of the application, such as
	 * {@code mqtt.protocol-version=3.1.1}
	 */
	public StarterImplementation(String name, String serverUri, int window, Set<String> scenarios,
			String... properties) {
		this.name = name;
		this.serverUri = serverUri;
		this.window = (window > 0) ? new Semaphore(window) : null;
		this.scenarios = scenarios;
		this.properties = properties;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean runs(Scenario scenario) {
		return this.scenarios.isEmpty() || this.scenarios.contains(scenario.name());
	}

	@Override
	public void start() throws InterruptedException {
		this.context = new SpringApplicationBuilder(StarterBenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			// Shutdown only: the harness replaces a context whose client collapsed without
			// waiting the default 30 s for its in-flight publishes
			.properties("spring.application.name=bench-" + this.name, "bench.name=" + this.name,
					"mqtt.server-uris=" + this.serverUri, "spring.lifecycle.timeout-per-shutdown-phase=2s",
					"logging.level.root=WARN")
			.properties(this.properties)
			.run();
		this.template = this.context.getBean(MqttTemplate.class);
		this.client = this.context.getBean(SharedMqttClient.class);
		this.registry = this.context.getBean(MqttListenerEndpointRegistry.class);
		this.inbox = this.context.getBean(Inbox.class);
		List<String> filters = new ArrayList<>();
		for (MqttListenerContainer container : this.registry.getListenerContainers()) {
			filters.addAll(container.getTopicFilters());
		}
		awaitSubscribed(filters);
	}

	// The client connects and subscribes in the background
	private void awaitSubscribed(List<String> filters) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		for (String filter : filters) {
			while (!this.client.isSubscribed(filter)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not subscribed to '" + filter + "' within " + WAIT);
				}
				Thread.sleep(5);
			}
		}
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) throws InterruptedException {
		this.inbox.setRecorder(recorder);
		List<String> extraFilters = new ArrayList<>();
		for (int n = this.extraListeners + 1; n <= scenario.extraListeners(); n++) {
			String filter = Family.manyFilter(this.name, n);
			extraFilters.add(filter);
			// Programmatic listeners: a container with its own thread each, as @MqttListener
			this.registry.subscribe(filter, 1, (message) -> {
			});
		}
		awaitSubscribed(extraFilters);
		this.extraListeners = Math.max(this.extraListeners, scenario.extraListeners());
		return this.run;
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private final class StarterRun implements Run {

		@Override
		public void publish(String topic, Object payload, int qos) throws InterruptedException {
			Semaphore window = StarterImplementation.this.window;
			if (window != null) {
				window.acquire();
			}
			// Returns at once while the template's outbound buffer has room (10,000 messages
			// by default, beyond the 1,000 in flight), else blocks until it has: back-pressure
			// as in the raw clients' windowed publishers, with a deeper window
			StarterImplementation.this.template.publish(topic, payload, qos, false).whenComplete((result, failure) -> {
				if (window != null) {
					window.release();
				}
				if (failure != null) {
					StarterImplementation.this.inbox.publishFailed();
				}
			});
		}

		@Override
		public boolean awaitPublished(Duration timeout) throws InterruptedException {
			SharedMqttClient client = StarterImplementation.this.client;
			long deadline = System.nanoTime() + timeout.toNanos();
			while (client.getInFlightPublishes() + client.getBufferedPublishes() > 0) {
				if (System.nanoTime() > deadline) {
					return false;
				}
				Thread.sleep(5);
			}
			return true;
		}

	}

}
