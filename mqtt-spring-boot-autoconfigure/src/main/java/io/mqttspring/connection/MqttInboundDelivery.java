package io.mqttspring.connection;

import java.util.concurrent.atomic.AtomicBoolean;

import io.mqttspring.connection.transport.InboundPublish;

/**
 * A received message as one handler sees it. The broker gets the acknowledgement (PUBACK)
 * when all handlers the message was routed to acknowledged it, and after the
 * acknowledgements of the messages that arrived before it; if any handler withholds it,
 * the message stays unacknowledged, and a persistent session delivers it again after the
 * next reconnect.
 */
public final class MqttInboundDelivery {

	private final InboundPublish message;

	private final InboundAcknowledgements.Settlement settlement;

	private final AtomicBoolean settled = new AtomicBoolean();

	private final AtomicBoolean deferred = new AtomicBoolean();

	MqttInboundDelivery(InboundPublish message, InboundAcknowledgements.Settlement settlement) {
		this.message = message;
		this.settlement = settlement;
	}

	/**
	 * The concrete topic the message was published to.
	 * @return the topic
	 */
	public String getTopic() {
		return this.message.topic();
	}

	/**
	 * The message: payload, QoS, flags and MQTT 5 properties.
	 * @return the message
	 */
	public InboundPublish getMessage() {
		return this.message;
	}

	/**
	 * This handler is done and agrees to acknowledge the message. Only the first call to
	 * this method or {@link #withhold()} counts.
	 */
	public void acknowledge() {
		settle(true);
	}

	/**
	 * This handler is done and the message must not be acknowledged. Only the first call
	 * to this method or {@link #acknowledge()} counts.
	 */
	public void withhold() {
		settle(false);
	}

	/**
	 * Whether this handler settled the delivery.
	 * @return whether settled
	 */
	public boolean isSettled() {
		return this.settled.get();
	}

	/**
	 * This handler finished processing and settles the delivery later, or never: the
	 * acknowledgements of messages that arrived after this one stop waiting for it. Without
	 * this, they wait until this delivery is settled, as MQTT sends acknowledgements in the
	 * order messages arrived. Has no effect once the delivery is settled.
	 */
	public void deferAcknowledgment() {
		if (!this.settled.get() && this.deferred.compareAndSet(false, true)) {
			this.settlement.deferred();
		}
	}

	private void settle(boolean acknowledge) {
		if (this.settled.compareAndSet(false, true)) {
			this.settlement.settled(acknowledge, this.deferred.get());
		}
	}

}
