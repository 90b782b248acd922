package io.mqttspring.connection;

/**
 * Receives the messages of a subscription made through {@link SharedMqttClient#subscribe}.
 */
@FunctionalInterface
public interface MqttMessageHandler {

	/**
	 * Handle a message that arrived on a topic matching the subscription's filter. The
	 * handler settles the delivery, now or later from any thread, with
	 * {@link MqttInboundDelivery#acknowledge()} or {@link MqttInboundDelivery#withhold()};
	 * the broker gets the acknowledgement once every handler of the message acknowledged,
	 * after the acknowledgements of earlier messages. A handler that settles later than it
	 * returns calls {@link MqttInboundDelivery#deferAcknowledgment()} when it returns, so
	 * that the acknowledgements of later messages do not wait for it.
	 * A handler that throws without settling is logged and counts as acknowledging.
	 * @param delivery the message and the means to settle it
	 */
	void handleMessage(MqttInboundDelivery delivery);

}
