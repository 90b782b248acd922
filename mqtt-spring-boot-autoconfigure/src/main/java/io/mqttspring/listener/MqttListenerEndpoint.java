package io.mqttspring.listener;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A listener method with the topics it subscribes to.
 *
 * @param id the listener id
 * @param topics the topic filters
 * @param qos the maximum QoS to receive at
 * @param bean the bean to invoke the method on
 * @param method the method, invocable on {@code bean}
 */
public record MqttListenerEndpoint(String id, List<String> topics, int qos, Object bean, Method method) {

	/**
	 * Describe the listener for messages: its id, bean class and method.
	 * @return a description
	 */
	public String describe() {
		return "@MqttListener '" + this.id + "' (" + this.method.getDeclaringClass().getName() + "."
				+ this.method.getName() + ")";
	}

}
