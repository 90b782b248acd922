package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.InboundMessageFactory;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttSubscription;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.Validator;

/**
 * Holds the containers of all {@link MqttListener} endpoints and programmatic
 * subscriptions by id. It starts them after the shared client and stops them before it,
 * and starts, stops and lists them at runtime.
 */
public class MqttListenerEndpointRegistry implements SmartLifecycle, BeanFactoryAware, InitializingBean {

	/** The bean name under which the auto-configuration registers the registry. */
	public static final String BEAN_NAME = "mqttListenerEndpointRegistry";

	/** The lifecycle phase of the listeners: after the client starts, before it stops. */
	public static final int PHASE = SharedMqttClient.PHASE + 100;

	private static final String ERROR_CHANNEL_BEAN_NAME = "errorChannel";

	private final SharedMqttClient client;

	private final MessageConverter payloadConverter;

	private final Map<String, MqttListenerContainer> containers = new LinkedHashMap<>();

	private final AtomicInteger subscriptionCounter = new AtomicInteger();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private MqttListenerObservationConvention observationConvention;

	private Validator validator;

	private ConversionService conversionService = DefaultConversionService.getSharedInstance();

	private Function<String, MqttOperations> replies = (connection) -> {
		throw new IllegalStateException("No MqttOperations to publish listener replies with");
	};

	private Supplier<List<SharedMqttClient>> namedClients = List::of;

	private Supplier<List<MqttSubscription>> subscriptions = List::of;

	private boolean autoStartup = true;

	private int queueCapacity = 1000;

	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private MqttListenerRetrySettings retrySettings = MqttListenerRetrySettings.DEFAULTS;

	private MqttDeadLetterTopicResolver deadLetterTopicResolver;

	private List<MqttListenerRetryListener> retryListeners = List.of();

	private BeanFactory beanFactory;

	private DefaultMessageHandlerMethodFactory handlerMethodFactory;

	private MqttListenerContainer.Collaborators collaborators;

	private volatile boolean running;

	public MqttListenerEndpointRegistry(SharedMqttClient client, MessageConverter payloadConverter) {
		this.client = client;
		this.payloadConverter = payloadConverter;
	}

	/**
	 * Set the registry for {@code mqtt.listener} observations (timers, spans continuing the
	 * publisher's trace); none by default.
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
	 * Set the validator for {@code @Valid} payload parameters.
	 * @param validator the validator
	 */
	public void setValidator(Validator validator) {
		this.validator = validator;
	}

	/**
	 * Set the conversion service for {@link TopicVariable @TopicVariable} and header
	 * parameters.
	 * @param conversionService the conversion service
	 */
	public void setConversionService(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	/**
	 * Set what publishes the results of {@code @SendTo} listeners.
	 * @param replies supplies the operations of a connection, by its name, looked up when
	 * the first reply is sent
	 */
	public void setReplies(Function<String, MqttOperations> replies) {
		this.replies = replies;
	}

	/**
	 * Set where the clients of the named connections come from, for listeners with
	 * {@link MqttListener#connection()}.
	 * @param namedClients supplies the clients, looked up when a listener is registered
	 */
	public void setNamedClients(Supplier<List<SharedMqttClient>> namedClients) {
		this.namedClients = namedClients;
	}

	/**
	 * Set where the subscriptions taken on demand come from, to list them beside the
	 * listeners.
	 * @param subscriptions supplies the open subscriptions
	 */
	public void setSubscriptions(Supplier<List<MqttSubscription>> subscriptions) {
		this.subscriptions = subscriptions;
	}

	/**
	 * The open subscriptions whose messages are taken on demand
	 * ({@link io.mqttspring.core.MqttOperations#subscribe(String, int)}).
	 * @return the subscriptions
	 */
	public List<MqttSubscription> getSubscriptions() {
		return this.subscriptions.get();
	}

	/**
	 * Set whether listeners subscribe when the application starts, unless their
	 * {@link MqttListener#autoStartup()} says otherwise.
	 * @param autoStartup whether to start listeners automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Set how many received messages each listener thread queues before Paho's callback
	 * thread waits.
	 * @param queueCapacity the capacity per listener thread
	 */
	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	/**
	 * Set how long stopping a listener waits for the messages in progress.
	 * @param shutdownTimeout the time-out
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Set how listeners try failed invocations again, unless their
	 * {@link MqttListener#retry()} says otherwise; by default they do not.
	 * @param retrySettings the settings
	 */
	public void setRetrySettings(MqttListenerRetrySettings retrySettings) {
		this.retrySettings = retrySettings;
	}

	/**
	 * How listeners try failed invocations again, unless their {@link MqttListener#retry()}
	 * says otherwise.
	 * @return the settings
	 */
	public MqttListenerRetrySettings getRetrySettings() {
		return this.retrySettings;
	}

	/**
	 * Enable dead letters: a message a listener could not process (retries used up, and
	 * no error handler, or one that rethrew) is published on the listener's connection to
	 * the topic the resolver chooses, and acknowledged once the broker has it.
	 * @param deadLetterTopicResolver the resolver, or {@code null} for no dead letters (the
	 * default)
	 */
	public void setDeadLetterTopicResolver(MqttDeadLetterTopicResolver deadLetterTopicResolver) {
		this.deadLetterTopicResolver = deadLetterTopicResolver;
	}

	/**
	 * What decides the topics of dead letters.
	 * @return the resolver, or {@code null} when dead letters are not enabled
	 */
	public MqttDeadLetterTopicResolver getDeadLetterTopicResolver() {
		return this.deadLetterTopicResolver;
	}

	/**
	 * Set what is told about retries and dead letters.
	 * @param retryListeners the listeners
	 */
	public void setRetryListeners(List<MqttListenerRetryListener> retryListeners) {
		this.retryListeners = List.copyOf(retryListeners);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterPropertiesSet() {
		DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
		factory.setMessageConverter(this.payloadConverter);
		factory.setConversionService(this.conversionService);
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
		resolvers.add(new TopicVariableMethodArgumentResolver(this.conversionService));
		resolvers.add(new MqttAcknowledgmentMethodArgumentResolver());
		factory.setCustomArgumentResolvers(resolvers);
		if (this.validator != null) {
			factory.setValidator(this.validator);
		}
		if (this.beanFactory != null) {
			factory.setBeanFactory(this.beanFactory);
		}
		factory.afterPropertiesSet();
		this.handlerMethodFactory = factory;
		this.collaborators = new MqttListenerContainer.Collaborators(this.client, new InboundMessageFactory(),
				this.observationRegistry, this.observationConvention, this::errorChannel,
				() -> this.replies.apply(this.client.getConnectionName()),
				this.queueCapacity, this.shutdownTimeout, this.retrySettings, this.deadLetterTopicResolver,
				this.retryListeners);
	}

	private MessageChannel errorChannel() {
		if (this.beanFactory instanceof ListableBeanFactory listable
				&& listable.containsBean(ERROR_CHANNEL_BEAN_NAME)) {
			return listable.getBean(ERROR_CHANNEL_BEAN_NAME, MessageChannel.class);
		}
		return null;
	}

	/**
	 * Create and register the container for an endpoint.
	 * @param endpoint the endpoint
	 * @param startImmediately whether to start it now when the registry is running and the
	 * endpoint starts automatically
	 * @return the container
	 * @throws MqttListenerDefinitionException if the endpoint is not valid or another listener
	 * has the same id
	 */
	public MqttListenerContainer registerListenerContainer(MqttListenerEndpoint endpoint, boolean startImmediately) {
		Assert.state(this.handlerMethodFactory != null, "Registry not initialized: call afterPropertiesSet()");
		MqttListenerContainer container = new MqttListenerContainer(endpoint,
				this.handlerMethodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method()),
				errorHandler(endpoint), collaborators(endpoint));
		synchronized (this.containers) {
			MqttListenerContainer existing = this.containers.get(endpoint.id());
			if (existing != null) {
				throw new MqttListenerDefinitionException("Duplicate listener id '" + endpoint.id() + "': used by "
						+ existing.getEndpoint().describe() + " and " + endpoint.describe(),
						"Give each listener its own id with @MqttListener(id = ...); without one, a listener's id "
								+ "is its bean name and method name");
			}
			this.containers.put(endpoint.id(), container);
		}
		if (startImmediately && this.running && startsAutomatically(endpoint)) {
			container.start();
		}
		return container;
	}

	private MqttListenerContainer.Collaborators collaborators(MqttListenerEndpoint endpoint) {
		if (endpoint.connection() == null || endpoint.connection().equals(this.client.getConnectionName())) {
			return this.collaborators;
		}
		List<SharedMqttClient> named = this.namedClients.get();
		for (SharedMqttClient client : named) {
			if (client.getConnectionName().equals(endpoint.connection())) {
				return this.collaborators.forClient(client, () -> this.replies.apply(client.getConnectionName()));
			}
		}
		List<String> known = new ArrayList<>();
		known.add(this.client.getConnectionName());
		named.forEach((client) -> known.add(client.getConnectionName()));
		throw new MqttListenerDefinitionException(endpoint.describe() + " subscribes on connection '"
				+ endpoint.connection() + "', but there is no connection of that name; the connections are " + known,
				"Define the connection with mqtt.connections." + endpoint.connection() + ".server-uris, or name one of "
						+ known + " in @MqttListener(connection = ...)");
	}

	private MqttListenerErrorHandler errorHandler(MqttListenerEndpoint endpoint) {
		if (endpoint.errorHandler() == null) {
			return null;
		}
		try {
			return this.beanFactory.getBean(endpoint.errorHandler(), MqttListenerErrorHandler.class);
		}
		catch (NoSuchBeanDefinitionException | NullPointerException ex) {
			throw new MqttListenerDefinitionException(endpoint.describe() + " names error handler '"
					+ endpoint.errorHandler() + "', but there is no MqttListenerErrorHandler bean of that name",
					"Declare an MqttListenerErrorHandler bean named '" + endpoint.errorHandler() + "', or name "
							+ errorHandlerBeans() + " in errorHandler");
		}
	}

	private String errorHandlerBeans() {
		String[] names = (this.beanFactory instanceof ListableBeanFactory listable)
				? listable.getBeanNamesForType(MqttListenerErrorHandler.class) : new String[0];
		return (names.length > 0) ? "one of the MqttListenerErrorHandler beans " + Arrays.toString(names)
				: "an existing MqttListenerErrorHandler bean (there are none)";
	}

	private boolean startsAutomatically(MqttListenerEndpoint endpoint) {
		return (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup;
	}

	/**
	 * Subscribe a handler to a topic filter at runtime. It receives each message as a
	 * {@code Message<byte[]>} with the MQTT headers, is acknowledged after it returns, and
	 * its failures are handled like a listener's. The subscription survives reconnects,
	 * is listed by the registry under a generated id and ends with
	 * {@link MqttSubscriptionHandle#unsubscribe()}.
	 * @param topicFilter the topic filter
	 * @param qos the maximum QoS to receive at
	 * @param handler the handler
	 * @return the handle to unsubscribe with
	 */
	public MqttSubscriptionHandle subscribe(String topicFilter, int qos, MessageHandler handler) {
		String id = "mqttSubscription#" + this.subscriptionCounter.incrementAndGet();
		MqttListenerEndpoint endpoint = new MqttListenerEndpoint(id, List.of(topicFilter), qos, null, AckMode.AUTO,
				null, 1, true, null, handler.toString(), handler,
				ReflectionUtils.findMethod(MessageHandler.class, "handleMessage", Message.class), null, null);
		MqttListenerContainer container = registerListenerContainer(endpoint, false);
		container.start();
		return new MqttSubscriptionHandle() {

			@Override
			public String getTopicFilter() {
				return topicFilter;
			}

			@Override
			public CompletableFuture<Integer> whenSubscribed() {
				return container.whenSubscribed();
			}

			@Override
			public void unsubscribe() {
				container.stop();
				synchronized (MqttListenerEndpointRegistry.this.containers) {
					MqttListenerEndpointRegistry.this.containers.remove(id);
				}
			}

		};
	}

	/**
	 * The ids of all registered listeners, in registration order.
	 * @return the ids
	 */
	public Set<String> getListenerIds() {
		synchronized (this.containers) {
			return new LinkedHashSet<>(this.containers.keySet());
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

	/**
	 * Subscribe a listener (again).
	 * @param id the listener id
	 * @throws IllegalArgumentException if there is no listener with that id
	 */
	public void start(String id) {
		container(id).start();
	}

	/**
	 * Unsubscribe a listener, letting the messages in progress finish.
	 * @param id the listener id
	 * @throws IllegalArgumentException if there is no listener with that id
	 */
	public void stop(String id) {
		container(id).stop();
	}

	private MqttListenerContainer container(String id) {
		MqttListenerContainer container = getListenerContainer(id);
		Assert.isTrue(container != null, () -> "No listener with id '" + id + "'; listeners: " + getListenerIds());
		return container;
	}

	@Override
	public void start() {
		for (MqttListenerContainer container : getListenerContainers()) {
			if (startsAutomatically(container.getEndpoint())) {
				container.start();
			}
		}
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
