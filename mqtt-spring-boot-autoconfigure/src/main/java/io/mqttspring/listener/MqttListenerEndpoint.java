package io.mqttspring.listener;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A listener method with its subscription and processing settings.
 *
 * @param id the listener id
 * @param topics the topic templates, placeholders resolved
 * @param qos the maximum QoS to receive at
 * @param group the shared-subscription group, or {@code null}
 * @param ackMode when messages are acknowledged
 * @param errorHandler the bean name of the error handler, or {@code null}
 * @param concurrency the number of processing threads
 * @param autoStartup whether to subscribe on start, or {@code null} for the registry's
 * default
 * @param replyTopic the {@code @SendTo} topic, empty for the response topic of each
 * request, or {@code null} without {@code @SendTo}
 * @param beanName the name of the bean
 * @param bean the bean to invoke the method on
 * @param method the method, invocable on {@code bean}
 * @param connection the name of the connection to subscribe on, or {@code null} for the
 * default connection
 * @param retry whether failed invocations are tried again, placeholders resolved:
 * {@code "true"}, {@code "false"} or a number of attempts; {@code null} for the
 * registry's {@link MqttListenerRetrySettings}
 */
public record MqttListenerEndpoint(String id, List<String> topics, int qos, String group, AckMode ackMode,
		String errorHandler, int concurrency, Boolean autoStartup, String replyTopic, String beanName, Object bean,
		Method method, String connection, String retry) {

	/**
	 * Describe the listener for messages: its id, bean and method.
	 * @return a description
	 */
	public String describe() {
		return "@MqttListener '" + this.id + "' (bean '" + this.beanName + "', method "
				+ this.method.getDeclaringClass().getName() + "." + this.method.getName() + ")";
	}

}
