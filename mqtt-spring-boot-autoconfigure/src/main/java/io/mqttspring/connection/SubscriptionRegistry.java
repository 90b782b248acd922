package io.mqttspring.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttTopics;
import io.mqttspring.connection.transport.SubscriptionRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The subscriptions of one connection: which handlers listen to which filter, what the
 * broker must be told, and which handlers a received message goes to.
 * <p>
 * Handlers of one filter share one broker subscription, at the highest QoS any of them
 * asked for. Each broker subscription has an MQTT 5 subscription identifier: brokers send
 * one copy of a message per overlapping subscription, and shared and plain subscriptions
 * of one filter look alike, so the identifiers a message carries tell exactly which
 * subscriptions it matched. Without identifiers (MQTT 3.1.1, or a broker that does not
 * support them) a message is routed through a {@link TopicFilterTree} of the filters,
 * shared-subscription prefixes stripped; the result is the same, identifiers are a
 * shortcut.
 */
final class SubscriptionRegistry {

	private static final Log logger = LogFactory.getLog(SubscriptionRegistry.class);

	private final Map<String, BrokerSubscription> subscriptions = new ConcurrentHashMap<>();

	private final Map<Integer, BrokerSubscription> subscriptionsById = new ConcurrentHashMap<>();

	private final AtomicInteger subscriptionIds = new AtomicInteger();

	private final TopicFilterTree<Registration> routes = new TopicFilterTree<>();

	private final Consumer<Registration> unsubscriber;

	private final boolean subscriptionIdentifiersSupported;

	private volatile boolean subscriptionIdentifiersAvailable;

	/**
	 * Create a registry.
	 * @param unsubscriber removes a registration when its handle is unsubscribed
	 * @param subscriptionIdentifiersSupported whether the protocol has subscription
	 * identifiers (MQTT 5)
	 */
	SubscriptionRegistry(Consumer<Registration> unsubscriber, boolean subscriptionIdentifiersSupported) {
		this.unsubscriber = unsubscriber;
		this.subscriptionIdentifiersSupported = subscriptionIdentifiersSupported;
		this.subscriptionIdentifiersAvailable = subscriptionIdentifiersSupported;
	}

	/**
	 * Add a handler to a filter.
	 * @param topicFilter the filter, optionally a shared subscription
	 * @param qos the QoS
	 * @param handler the handler
	 * @return the registration, and whether the broker must be told
	 */
	Added add(String topicFilter, int qos, MqttMessageHandler handler) {
		Registration registration = new Registration(topicFilter, qos, handler);
		synchronized (this.subscriptions) {
			BrokerSubscription subscription = this.subscriptions.computeIfAbsent(topicFilter,
					this::newBrokerSubscription);
			boolean tellBroker = subscription.add(registration);
			this.routes.add(MqttTopics.matchingFilter(topicFilter), registration);
			return new Added(registration, tellBroker ? subscription : null);
		}
	}

	private BrokerSubscription newBrokerSubscription(String topicFilter) {
		BrokerSubscription subscription = new BrokerSubscription(topicFilter, this.subscriptionIds.incrementAndGet());
		this.subscriptionsById.put(subscription.id, subscription);
		return subscription;
	}

	/**
	 * Remove a handler.
	 * @param registration the registration
	 * @return whether it was the last handler of its filter, which the broker can forget
	 */
	boolean remove(Registration registration) {
		synchronized (this.subscriptions) {
			BrokerSubscription subscription = this.subscriptions.get(registration.topicFilter);
			if (subscription == null || !subscription.handlers.remove(registration)) {
				return false;
			}
			this.routes.remove(MqttTopics.matchingFilter(registration.topicFilter), registration);
			if (!subscription.handlers.isEmpty()) {
				return false;
			}
			this.subscriptionsById.remove(this.subscriptions.remove(registration.topicFilter).id);
			return true;
		}
	}

	/**
	 * The connection is up: which subscriptions the broker must be told of. A resumed
	 * session keeps what it had; filters added while offline are new to it.
	 * @param sessionPresent whether the broker resumed the session
	 * @param subscriptionIdentifiersAvailable whether the broker takes subscription
	 * identifiers
	 * @return the subscriptions to send
	 */
	List<BrokerSubscription> connected(boolean sessionPresent, boolean subscriptionIdentifiersAvailable) {
		this.subscriptionIdentifiersAvailable = this.subscriptionIdentifiersSupported
				&& subscriptionIdentifiersAvailable;
		List<BrokerSubscription> toSubscribe = new ArrayList<>();
		synchronized (this.subscriptions) {
			for (BrokerSubscription subscription : this.subscriptions.values()) {
				if (!sessionPresent) {
					subscription.unsubscribed();
				}
				if (!subscription.subscribed) {
					toSubscribe.add(subscription);
				}
			}
		}
		return toSubscribe;
	}

	/**
	 * The request that subscribes a filter at the broker.
	 * @param subscription the subscription
	 * @return the request
	 */
	SubscriptionRequest request(BrokerSubscription subscription) {
		return new SubscriptionRequest(subscription.topicFilter, subscription.qos(),
				this.subscriptionIdentifiersAvailable ? subscription.id : 0);
	}

	/**
	 * Whether the broker confirmed a subscription to the filter in the current session.
	 * @param topicFilter the filter
	 * @return whether subscribed
	 */
	boolean isSubscribed(String topicFilter) {
		BrokerSubscription subscription = this.subscriptions.get(topicFilter);
		return subscription != null && subscription.subscribed;
	}

	/**
	 * The handlers a message goes to, each once even when several of its filters match.
	 * @param message the message
	 * @return the handlers' registrations
	 */
	List<Registration> route(InboundPublish message) {
		List<Integer> identifiers = message.properties().subscriptionIdentifiers();
		List<Registration> handlers = new ArrayList<>(2);
		if (identifiers.isEmpty()) {
			this.routes.forEachMatch(message.topic(), (registration) -> addOncePerHandler(handlers, registration));
		}
		else {
			for (Integer identifier : identifiers) {
				BrokerSubscription subscription = this.subscriptionsById.get(identifier);
				if (subscription != null) {
					subscription.handlers.forEach((registration) -> addOncePerHandler(handlers, registration));
				}
			}
		}
		return handlers;
	}

	private static void addOncePerHandler(List<Registration> handlers, Registration registration) {
		for (Registration existing : handlers) {
			if (existing.handler == registration.handler) {
				return;
			}
		}
		handlers.add(registration);
	}

	/**
	 * What {@link #add} did.
	 *
	 * @param registration the new registration
	 * @param toSubscribe the subscription to send to the broker (a new filter or a higher
	 * QoS), or {@code null}
	 */
	record Added(Registration registration, BrokerSubscription toSubscribe) {
	}

	/**
	 * One handler of one filter.
	 */
	final class Registration implements MqttSubscriptionHandle {

		private final String topicFilter;

		private final int qos;

		private final MqttMessageHandler handler;

		private Registration(String topicFilter, int qos, MqttMessageHandler handler) {
			this.topicFilter = topicFilter;
			this.qos = qos;
			this.handler = handler;
		}

		void deliver(MqttInboundDelivery delivery) {
			try {
				this.handler.handleMessage(delivery);
			}
			catch (RuntimeException ex) {
				logger.error("Handler for '" + this.topicFilter + "' failed on a message from '" + delivery.getTopic()
						+ "'", ex);
				delivery.acknowledge();
			}
		}

		@Override
		public String getTopicFilter() {
			return this.topicFilter;
		}

		@Override
		public CompletableFuture<Integer> whenSubscribed() {
			BrokerSubscription subscription = SubscriptionRegistry.this.subscriptions.get(this.topicFilter);
			return (subscription != null) ? subscription.confirmation
					: CompletableFuture.failedFuture(new IllegalStateException("Unsubscribed from '" + this.topicFilter
							+ "'"));
		}

		@Override
		public void unsubscribe() {
			SubscriptionRegistry.this.unsubscriber.accept(this);
		}

	}

	/**
	 * One filter as subscribed at the broker, with the handlers that share it.
	 */
	static final class BrokerSubscription {

		private final String topicFilter;

		private final int id;

		private final List<Registration> handlers = new CopyOnWriteArrayList<>();

		// Whether the broker confirmed the subscription during the current session
		private volatile boolean subscribed;

		// The broker's answer in the current session, for callers that wait for it
		private volatile CompletableFuture<Integer> confirmation = new CompletableFuture<>();

		BrokerSubscription(String topicFilter, int id) {
			this.topicFilter = topicFilter;
			this.id = id;
		}

		String topicFilter() {
			return this.topicFilter;
		}

		void subscribed(int grantedQos) {
			this.subscribed = true;
			this.confirmation.complete(grantedQos);
		}

		void refused(MqttBrokerRefusalException refusal) {
			this.confirmation.completeExceptionally(refusal);
		}

		// A new session, or a higher QoS: the broker must answer again
		private void unsubscribed() {
			this.subscribed = false;
			if (this.confirmation.isDone()) {
				this.confirmation = new CompletableFuture<>();
			}
		}

		/** Add a handler and tell whether the broker must be told (new filter or higher QoS). */
		private boolean add(Registration registration) {
			int before = this.handlers.isEmpty() ? -1 : qos();
			this.handlers.add(registration);
			boolean raised = qos() > before;
			if (raised) {
				unsubscribed();
			}
			return raised;
		}

		int qos() {
			int qos = 0;
			for (Registration registration : this.handlers) {
				qos = Math.max(qos, registration.qos);
			}
			return qos;
		}

	}

}
