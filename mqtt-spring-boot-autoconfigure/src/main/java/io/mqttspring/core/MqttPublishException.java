package io.mqttspring.core;

/**
 * A publish failed: the broker refused it, it timed out, or the client could not send it.
 */
public class MqttPublishException extends RuntimeException {

	/** The value of {@link #getReasonCode()} when the failure has no MQTT reason code. */
	public static final int NO_REASON_CODE = -1;

	private final String topic;

	private final int reasonCode;

	public MqttPublishException(String topic, String message, int reasonCode, Throwable cause) {
		super(message, cause);
		this.topic = topic;
		this.reasonCode = reasonCode;
	}

	/**
	 * The topic of the failed publish.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * The MQTT 5 reason code the broker refused the publish with, or
	 * {@link #NO_REASON_CODE} when the broker did not answer with one.
	 * @return the reason code
	 */
	public int getReasonCode() {
		return this.reasonCode;
	}

}
