package io.mqttspring.core;

/**
 * A subscription could not be made: the broker refused it, or did not confirm it in time.
 */
public class MqttSubscribeException extends RuntimeException {

	/** The value of {@link #getReasonCode()} when the broker did not answer with one. */
	public static final int NO_REASON_CODE = -1;

	private final String topicFilter;

	private final int reasonCode;

	public MqttSubscribeException(String topicFilter, String message, int reasonCode, Throwable cause) {
		super(message, cause);
		this.topicFilter = topicFilter;
		this.reasonCode = reasonCode;
	}

	/**
	 * The topic filter of the subscription.
	 * @return the topic filter
	 */
	public String getTopicFilter() {
		return this.topicFilter;
	}

	/**
	 * The broker's reason code: 0x80 and above (MQTT 3.1.1 only has 0x80), or
	 * {@link #NO_REASON_CODE}.
	 * @return the reason code
	 */
	public int getReasonCode() {
		return this.reasonCode;
	}

}
