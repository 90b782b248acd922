package io.mqttspring.connection;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import io.mqttspring.connection.transport.InboundPublish;

/**
 * Sends the PUBACKs of received QoS 1 messages in the order the messages arrived, however
 * their handlers finish, as MQTT requires (MQTT 5.0 section 4.6, [MQTT-4.6.0-2]).
 * <p>
 * Handlers on several threads finish out of order; acknowledging as each finishes would
 * break that rule, and Mosquitto 2.0 answers out-of-order PUBACKs by delivering later
 * messages of a topic before earlier ones. So an acknowledgement waits until every message
 * that arrived before it was either acknowledged, withheld, or handed over to the
 * application to acknowledge later ({@link MqttInboundDelivery#deferAcknowledgment()}):
 * only those two exceptions leave the order, since waiting for them could stall the
 * broker's in-flight window until the next reconnect.
 * <p>
 * QoS 0 messages have nothing to acknowledge, and QoS 2 messages take part only where the
 * transport lets the application complete them (Paho MQTTv5 answers them itself). A lost
 * connection forgets the messages still waiting: the broker sends them again, with new
 * acknowledgements.
 */
final class InboundAcknowledgements {

	private final Consumer<InboundPublish> sender;

	private final boolean orderQos2;

	private final Deque<Settlement> inOrder = new ArrayDeque<>();

	private long connection;

	/**
	 * Create an instance sending the acknowledgements through the given callback.
	 * @param sender sends the acknowledgement of a message
	 * @param orderQos2 whether QoS 2 messages are acknowledged by the application too
	 */
	InboundAcknowledgements(Consumer<InboundPublish> sender, boolean orderQos2) {
		this.sender = sender;
		this.orderQos2 = orderQos2;
	}

	/**
	 * Take a message in the order of acknowledgements, in the order of arrival.
	 * @param message the message
	 * @param handlers how many handlers must settle it
	 * @return the settlement its handlers report to
	 */
	Settlement received(InboundPublish message, int handlers) {
		if (message.qos() == 0 || (message.qos() == 2 && !this.orderQos2)) {
			return new Settlement(message, handlers, false, 0);
		}
		synchronized (this) {
			Settlement settlement = new Settlement(message, handlers, true, this.connection);
			this.inOrder.addLast(settlement);
			release();
			return settlement;
		}
	}

	/**
	 * The connection was lost: the broker sends the messages still waiting again.
	 */
	synchronized void connectionLost() {
		this.connection++;
		this.inOrder.clear();
	}

	/**
	 * How many messages wait for their acknowledgement to be sent.
	 * @return the number of messages
	 */
	synchronized int waiting() {
		return this.inOrder.size();
	}

	private void release() {
		Settlement head;
		while ((head = this.inOrder.peekFirst()) != null && head.unresolved == 0) {
			this.inOrder.removeFirst();
			head.left = true;
			head.acknowledgeIfComplete();
		}
	}

	/**
	 * What the handlers of one received message decided. It is acknowledged when the last
	 * handler acknowledged it, unless one withheld it.
	 */
	final class Settlement {

		private final InboundPublish message;

		private final boolean ordered;

		private final long connection;

		private int unsettled;

		// Handlers that neither settled nor deferred: the acknowledgement order waits for them
		private int unresolved;

		private boolean withheld;

		private boolean left;

		private boolean acknowledged;

		private Settlement(InboundPublish message, int handlers, boolean ordered, long connection) {
			this.message = message;
			this.ordered = ordered;
			this.connection = connection;
			this.unsettled = handlers;
			this.unresolved = handlers;
		}

		void settled(boolean acknowledge, boolean deferredBefore) {
			if (!this.ordered) {
				return;
			}
			synchronized (InboundAcknowledgements.this) {
				this.unsettled--;
				if (!acknowledge) {
					this.withheld = true;
				}
				if (!deferredBefore) {
					this.unresolved--;
				}
				update();
			}
		}

		void deferred() {
			if (!this.ordered) {
				return;
			}
			synchronized (InboundAcknowledgements.this) {
				this.unresolved--;
				update();
			}
		}

		private void update() {
			if (this.left) {
				acknowledgeIfComplete();
			}
			else if (this.unresolved == 0) {
				release();
			}
		}

		private void acknowledgeIfComplete() {
			if (this.unsettled == 0 && !this.withheld && !this.acknowledged
					&& this.connection == InboundAcknowledgements.this.connection) {
				this.acknowledged = true;
				InboundAcknowledgements.this.sender.accept(this.message);
			}
		}

	}

}
