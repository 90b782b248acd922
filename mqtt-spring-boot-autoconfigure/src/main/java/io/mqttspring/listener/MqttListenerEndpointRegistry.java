package io.mqttspring.listener;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.SharedMqttClient;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.Assert;

/**
 * Holds the containers of all {@link MqttListener} endpoints by id and starts them after
 * the shared client, and stops them before it.
 */
public class MqttListenerEndpointRegistry implements SmartLifecycle {

	/** The bean name under which the auto-configuration registers the registry. */
	public static final String BEAN_NAME = "mqttListenerEndpointRegistry";

	/** The lifecycle phase of the listeners: after the client starts, before it stops. */
	public static final int PHASE = SharedMqttClient.PHASE + 100;

	private final SharedMqttClient client;

	private final MessageHandlerMethodFactory handlerMethodFactory;

	private final InboundMessageFactory messageFactory = new InboundMessageFactory();

	private final Map<String, MqttListenerContainer> containers = new LinkedHashMap<>();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private MqttListenerObservationConvention observationConvention;

	private volatile boolean running;

	public MqttListenerEndpointRegistry(SharedMqttClient client, MessageConverter payloadConverter) {
		this.client = client;
		DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
		factory.setMessageConverter(payloadConverter);
		factory.afterPropertiesSet();
		this.handlerMethodFactory = factory;
	}

	/**
	 * Set the registry for {@code mqtt.listener} observations (timers, spans continuing the
	 * publisher's trace); none by default. Applies to listeners registered afterwards.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set a convention to replace {@link DefaultMqttListenerObservationConvention}.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(MqttListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Create and register the container for an endpoint.
	 * @param endpoint the endpoint
	 * @param startImmediately whether to start it now when the registry is running
	 * @return the container
	 * @throws IllegalStateException if another listener has the same id
	 */
	public MqttListenerContainer registerListenerContainer(MqttListenerEndpoint endpoint, boolean startImmediately) {
		MqttListenerContainer container = new MqttListenerContainer(endpoint,
				this.handlerMethodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method()), this.client,
				this.messageFactory, this.observationRegistry, this.observationConvention);
		synchronized (this.containers) {
			MqttListenerContainer existing = this.containers.get(endpoint.id());
			Assert.state(existing == null, () -> "Duplicate listener id '" + endpoint.id() + "': used by "
					+ existing.getEndpoint().describe() + " and " + endpoint.describe());
			this.containers.put(endpoint.id(), container);
		}
		if (startImmediately && this.running) {
			container.start();
		}
		return container;
	}

	/**
	 * The ids of all registered listeners, in registration order.
	 * @return the ids
	 */
	public Set<String> getListenerIds() {
		synchronized (this.containers) {
			return Set.copyOf(this.containers.keySet());
		}
	}

	/**
	 * The container of a listener.
	 * @param id the listener id
	 * @return the container, or {@code null} when there is no listener with that id
	 */
	public MqttListenerContainer getListenerContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/**
	 * All registered containers.
	 * @return the containers
	 */
	public Collection<MqttListenerContainer> getListenerContainers() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	@Override
	public void start() {
		getListenerContainers().forEach(MqttListenerContainer::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		getListenerContainers().forEach(MqttListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
