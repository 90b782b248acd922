package io.mqttspring.benchmarks.integration;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mqttspring.benchmarks.Family;
import io.mqttspring.benchmarks.Implementation;
import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Reading;
import io.mqttspring.benchmarks.Recorder;
import io.mqttspring.benchmarks.Scenario;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Spring Integration without the starter: a Spring Boot context of
 * {@link SpringIntegrationBenchmarkApplication}, publishing by sending to the channel of a
 * {@link org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler}, in its
 * default synchronous mode (each send waits for the broker's acknowledgement) or in async
 * mode, and consuming through one {@link Mqttv5PahoMessageDrivenChannelAdapter} per
 * listener on the shared {@link Mqttv5ClientManager}. The 1 ms listener with eight
 * threads gets an executor channel.
 */
public final class SpringIntegrationImplementation implements Implementation {

	/** The name of the default (synchronous) mode. */
	public static final String NAME = "spring-integration";

	/** The name of the async mode. */
	public static final String ASYNC_NAME = "spring-integration-async";

	private final String serverUri;

	private final boolean async;

	private final int window;

	private final Set<Family> subscribed = EnumSet.noneOf(Family.class);

	private final Inbox inbox = new Inbox();

	private final AtomicBoolean failureReported = new AtomicBoolean();

	private ConfigurableApplicationContext context;

	private MessageChannel outbound;

	private MessageChannel outboundJson;

	private IntegrationFlowContext flows;

	private DeliveryWindow deliveryWindow;

	private Mqttv5ClientManager clientManager;

	private final IntegrationRun run = new IntegrationRun();

	private int extraListeners;

	/**
	 * @param serverUri the broker
	 * @param async whether the handler publishes asynchronously
	 * @param window in async mode, how many publishes may await their acknowledgement
	 */
	public SpringIntegrationImplementation(String serverUri, boolean async, int window) {
		this.serverUri = serverUri;
		this.async = async;
		this.window = window;
	}

	@Override
	public String name() {
		return this.async ? ASYNC_NAME : NAME;
	}

	/**
	 * The synchronous handler sends one message per round trip to the broker, a rate that
	 * does not depend on how many are sent: its throughput runs send at most 20,000
	 * messages, 10,000 for QoS 2 and JSON, so that the whole benchmark stays within ten
	 * minutes on two cores.
	 */
	@Override
	public int messages(Scenario scenario) {
		if (this.async || scenario.rate() > 0 || scenario.family().work()) {
			return scenario.messages();
		}
		boolean slow = scenario.family() == Family.QOS2 || scenario.family().json();
		return Math.min(scenario.messages(), slow ? 10_000 : 20_000);
	}

	@Override
	public void start() {
		this.context = new SpringApplicationBuilder(SpringIntegrationBenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(SpringIntegrationBenchmarkApplication.EXCLUDE_STARTER, "bench.server-uri=" + this.serverUri,
					"bench.client-id=bench-" + name(), "bench.async=" + this.async, "bench.window=" + this.window,
					"logging.level.root=WARN")
			.run();
		this.outbound = this.context.getBean("mqttOutbound", MessageChannel.class);
		this.outboundJson = this.context.getBean("mqttOutboundJson", MessageChannel.class);
		this.flows = this.context.getBean(IntegrationFlowContext.class);
		this.deliveryWindow = this.context.getBean(DeliveryWindow.class);
		this.clientManager = this.context.getBean(Mqttv5ClientManager.class);
	}

	@Override
	public Run prepare(Scenario scenario, Recorder recorder) {
		this.inbox.setRecorder(recorder);
		Family family = scenario.family();
		if (this.subscribed.add(family)) {
			register(family.filter(name()), family);
		}
		for (int n = this.extraListeners + 1; n <= scenario.extraListeners(); n++) {
			register(Family.manyFilter(name(), n), null);
		}
		this.extraListeners = Math.max(this.extraListeners, scenario.extraListeners());
		return this.run;
	}

	// The adapter subscribes synchronously when the registration starts it
	private void register(String filter, Family family) {
		Mqttv5PahoMessageDrivenChannelAdapter adapter = new Mqttv5PahoMessageDrivenChannelAdapter(this.clientManager,
				filter);
		adapter.setQos((family != null) ? family.qos() : 1);
		IntegrationFlow flow;
		if (family == null) {
			flow = IntegrationFlow.from(adapter).handle((MessageHandler) (message) -> {
			}).get();
		}
		else if (family.json()) {
			// Spring Integration's default converter leaves the payload as byte[]: a transformer
			flow = IntegrationFlow.from(adapter)
				.transform(Transformers.fromJson(Reading.class))
				.handle((MessageHandler) (message) -> this.inbox.received((Reading) message.getPayload()))
				.get();
		}
		else if (family.concurrency() > 1) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(family.concurrency());
			executor.setThreadNamePrefix(name() + "-listener-");
			executor.initialize();
			flow = IntegrationFlow.from(adapter)
				.channel((channels) -> channels.executor(executor))
				.handle((MessageHandler) (message) -> this.inbox.received((byte[]) message.getPayload()))
				.get();
		}
		else {
			flow = IntegrationFlow.from(adapter)
				.handle((MessageHandler) (message) -> this.inbox.received((byte[]) message.getPayload()))
				.get();
		}
		this.flows.registration(flow).register();
	}

	@Override
	public void close() {
		if (this.context != null) {
			// Disconnected first, the adapters do not unsubscribe on close, where Paho 1.2.5
			// fails with a ConcurrentModificationException (eclipse/paho.mqtt.java#986)
			this.clientManager.stop();
			this.context.close();
		}
	}

	private final class IntegrationRun implements Run {

		@Override
		public void publish(String topic, Object payload, int qos) throws InterruptedException {
			DeliveryWindow window = SpringIntegrationImplementation.this.deliveryWindow;
			boolean async = SpringIntegrationImplementation.this.async;
			if (async) {
				window.acquire();
			}
			try {
				MessageChannel channel = (payload instanceof byte[]) ? SpringIntegrationImplementation.this.outbound
						: SpringIntegrationImplementation.this.outboundJson;
				channel.send(MessageBuilder.withPayload(payload)
					.setHeader(MqttHeaders.TOPIC, topic)
					.setHeader(MqttHeaders.QOS, qos)
					.build());
			}
			catch (RuntimeException ex) {
				if (async) {
					window.release();
				}
				SpringIntegrationImplementation.this.inbox.publishFailed();
				if (SpringIntegrationImplementation.this.failureReported.compareAndSet(false, true)) {
					System.err.println(name() + ": publish failed: " + ex);
					ex.printStackTrace();
				}
			}
		}

		@Override
		public boolean awaitPublished(Duration timeout) throws InterruptedException {
			return SpringIntegrationImplementation.this.deliveryWindow.awaitEmpty(timeout);
		}

	}

}
