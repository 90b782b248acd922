package io.mqttspring.listener;

/**
 * The MQTT 5 user properties of a dead letter, which say where it came from and why it
 * could not be processed. A listener of the dead-letter topic receives them as headers of
 * these names. MQTT 3.1.1 and 3.1 messages have no properties: there these details are
 * only logged.
 */
public final class MqttDeadLetterHeaders {

	/** The topic the message was published to. */
	public static final String ORIGINAL_TOPIC = "x-original-topic";

	/** The id of the listener that could not process it. */
	public static final String LISTENER_ID = "x-listener-id";

	/** The class name of the exception the listener threw on its last attempt. */
	public static final String EXCEPTION_CLASS = "x-exception-class";

	/**
	 * The message of that exception, cut to at most {@value #EXCEPTION_MESSAGE_MAX_BYTES}
	 * bytes of UTF-8 (never within a character); empty when it had none.
	 */
	public static final String EXCEPTION_MESSAGE = "x-exception-message";

	/** How many times the listener was invoked with the message, as a decimal number. */
	public static final String ATTEMPTS = "x-attempts";

	/** The longest {@link #EXCEPTION_MESSAGE}, in UTF-8 bytes. */
	public static final int EXCEPTION_MESSAGE_MAX_BYTES = 1024;

	private MqttDeadLetterHeaders() {
	}

}
