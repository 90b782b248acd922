package io.mqttspring.connection;

import java.util.concurrent.CompletableFuture;

/**
 * A subscription of one handler to one topic filter on the shared client.
 */
public interface MqttSubscriptionHandle {

	/**
	 * The topic filter as subscribed at the broker.
	 * @return the topic filter
	 */
	String getTopicFilter();

	/**
	 * The broker's answer to the subscription of the filter in the current session; it
	 * completes at once when the filter is subscribed already.
	 * @return the future of the granted QoS; it fails with
	 * {@link MqttBrokerRefusalException} when the broker refused the subscription
	 */
	CompletableFuture<Integer> whenSubscribed();

	/**
	 * Remove the handler; the broker subscription is removed when no other handler
	 * uses the same filter. Calling it again has no effect.
	 */
	void unsubscribe();

}
