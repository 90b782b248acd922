package io.mqttspring.connection;

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
	 * Remove the handler; the broker subscription is removed when no other handler
	 * uses the same filter. Calling it again has no effect.
	 */
	void unsubscribe();

}
