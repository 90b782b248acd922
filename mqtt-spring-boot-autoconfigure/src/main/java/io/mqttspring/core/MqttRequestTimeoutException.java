package io.mqttspring.core;

/**
 * No reply arrived for a {@link MqttOperations#request request} within its time-out.
 */
public class MqttRequestTimeoutException extends RuntimeException {

	private final String topic;

	public MqttRequestTimeoutException(String topic, String message) {
		super(message);
		this.topic = topic;
	}

	/**
	 * The topic the request was published to.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

}
