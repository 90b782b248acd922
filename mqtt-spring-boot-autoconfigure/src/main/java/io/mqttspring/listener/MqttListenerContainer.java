package io.mqttspring.listener;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.connection.SharedMqttClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Runs one {@link MqttListenerEndpoint}: subscribes its topics on the shared client while
 * running and invokes its method for each message. A failing invocation is logged; it
 * never reaches the connection.
 */
public class MqttListenerContainer {

	private static final Log logger = LogFactory.getLog(MqttListenerContainer.class);

	private final MqttListenerEndpoint endpoint;

	private final InvocableHandlerMethod handlerMethod;

	private final SharedMqttClient client;

	private final InboundMessageFactory messageFactory;

	private final ObservationRegistry observationRegistry;

	private final MqttListenerObservationConvention observationConvention;

	private final List<MqttSubscriptionHandle> subscriptions = new ArrayList<>();

	MqttListenerContainer(MqttListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod, SharedMqttClient client,
			InboundMessageFactory messageFactory, ObservationRegistry observationRegistry,
			MqttListenerObservationConvention observationConvention) {
		this.endpoint = endpoint;
		this.handlerMethod = handlerMethod;
		this.client = client;
		this.messageFactory = messageFactory;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
	}

	/**
	 * The endpoint this container runs.
	 * @return the endpoint
	 */
	public MqttListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Subscribe the listener's topics.
	 */
	public synchronized void start() {
		if (!this.subscriptions.isEmpty()) {
			return;
		}
		for (String topic : this.endpoint.topics()) {
			this.subscriptions.add(this.client.subscribe(topic, this.endpoint.qos(), this::onMessage));
		}
	}

	/**
	 * Unsubscribe the listener's topics.
	 */
	public synchronized void stop() {
		this.subscriptions.forEach(MqttSubscriptionHandle::unsubscribe);
		this.subscriptions.clear();
	}

	/**
	 * Whether the listener is subscribed.
	 * @return whether running
	 */
	public synchronized boolean isRunning() {
		return !this.subscriptions.isEmpty();
	}

	private void onMessage(String topic, MqttMessage mqttMessage) {
		Message<byte[]> message = this.messageFactory.toMessage(topic, mqttMessage);
		try {
			Observation
				.createNotStarted(this.observationConvention, DefaultMqttListenerObservationConvention.INSTANCE,
						() -> new MqttListenerObservationContext(this.endpoint.id(), topic, mqttMessage),
						this.observationRegistry)
				.observeChecked(() -> this.handlerMethod.invoke(message));
		}
		catch (Exception ex) {
			logger.error(this.endpoint.describe() + " failed on a message from topic '" + topic + "'", ex);
		}
	}

}
