package io.mqttspring.connection;

import java.util.concurrent.atomic.AtomicInteger;

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

	private static final int OPEN = 0;

	private static final int DEFERRED = 1;

	private static final int SETTLED = 2;

	// One state, not two flags: a deferral and a settlement racing on two threads must
	// agree on whether the deferral came first, or the acknowledgement order would count
	// this handler as resolved twice and release a later message before an earlier one
	private final AtomicInteger state = new AtomicInteger(OPEN);

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
		return this.state.get() == SETTLED;
	}

	/**
	 * This handler finished processing and settles the delivery later, or never: the
	 * acknowledgements of messages that arrived after this one stop waiting for it. Without
	 * this, they wait until this delivery is settled, as MQTT sends acknowledgements in the
	 * order messages arrived. Has no effect once the delivery is settled.
	 */
	public void deferAcknowledgment() {
		if (this.state.compareAndSet(OPEN, DEFERRED)) {
			this.settlement.deferred();
		}
	}

	private void settle(boolean acknowledge) {
		int before = this.state.getAndSet(SETTLED);
		if (before != SETTLED) {
			this.settlement.settled(acknowledge, before == DEFERRED);
		}
	}

}
