package io.mqttspring.connection;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A received message as one handler sees it. The broker gets the acknowledgement (PUBACK)
 * when all handlers the message was routed to acknowledged it; if any withholds it, the
 * message stays unacknowledged, and a persistent session delivers it again after the next
 * reconnect.
 */
public final class MqttInboundDelivery {

	private final String topic;

	private final MqttMessage message;

	private final Settlement settlement;

	private final AtomicBoolean settled = new AtomicBoolean();

	MqttInboundDelivery(String topic, MqttMessage message, Settlement settlement) {
		this.topic = topic;
		this.message = message;
		this.settlement = settlement;
	}

	/**
	 * The concrete topic the message was published to.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * The message.
	 * @return the message
	 */
	public MqttMessage getMessage() {
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

	private void settle(boolean acknowledge) {
		if (this.settled.compareAndSet(false, true)) {
			this.settlement.settled(acknowledge);
		}
	}

	/**
	 * Counts the handlers of one received message and acknowledges it when the last one
	 * settled, unless one withheld it.
	 */
	static final class Settlement {

		private final AtomicInteger pending;

		private final Runnable acknowledgement;

		private volatile boolean withheld;

		Settlement(int handlers, Runnable acknowledgement) {
			this.pending = new AtomicInteger(handlers);
			this.acknowledgement = acknowledgement;
		}

		void settled(boolean acknowledge) {
			if (!acknowledge) {
				this.withheld = true;
			}
			if (this.pending.decrementAndGet() == 0 && !this.withheld) {
				this.acknowledgement.run();
			}
		}

	}

}
