package io.mqttspring.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Keeps the publishes in flight within the broker's Receive Maximum, so that Paho never
 * refuses one with "Too many publishes in progress", and within a limit of the client's
 * own, since a broker that announces none (65,535) slows down with tens of thousands of
 * unacknowledged messages: a publish beyond it waits in a
 * queue, without blocking its caller, until an acknowledgement frees a slot (or its
 * caller's time-out ends the wait). While disconnected, publishes fail at once, or wait in
 * a bounded offline buffer until the next connect when one is configured.
 */
final class PublishFlowControl {

	/**
	 * The client's own in-flight limit unless set otherwise.
	 */
	static final int DEFAULT_MAX_IN_FLIGHT = 1000;

	private final Object lock = new Object();

	private final Deque<PendingPublish> waiting = new ArrayDeque<>();

	private final int offlineBufferCapacity;

	private final Consumer<PendingPublish> sender;

	private int inFlight;

	private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

	private int limit = DEFAULT_MAX_IN_FLIGHT;

	private boolean connected;

	/**
	 * @param offlineBufferCapacity how many publishes wait for a connection while
	 * disconnected; 0 fails them at once
	 * @param sender sends a publish that got a slot
	 */
	PublishFlowControl(int offlineBufferCapacity, Consumer<PendingPublish> sender) {
		this.offlineBufferCapacity = offlineBufferCapacity;
		this.sender = sender;
	}

	void submit(PendingPublish publish) {
		boolean sendNow = false;
		synchronized (this.lock) {
			if (!this.connected) {
				if (this.waiting.size() < this.offlineBufferCapacity) {
					this.waiting.add(publish);
				}
				else {
					publish.delivery().completeExceptionally((this.offlineBufferCapacity > 0)
							? new IllegalStateException("not connected to the MQTT broker and the offline buffer is full ("
									+ this.offlineBufferCapacity + " messages)")
							: new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED));
				}
			}
			else if (this.inFlight < this.limit && this.waiting.isEmpty()) {
				this.inFlight++;
				sendNow = true;
			}
			else {
				this.waiting.add(publish);
			}
		}
		if (sendNow) {
			this.sender.accept(publish);
		}
	}

	/**
	 * A publish that was sent is no longer in flight: acknowledged, failed, or lost with
	 * a connection without session.
	 */
	void completed() {
		synchronized (this.lock) {
			this.inFlight--;
		}
		drain();
	}

	void setMaxInFlight(int maxInFlight) {
		synchronized (this.lock) {
			this.maxInFlight = maxInFlight;
			this.limit = Math.min(this.limit, maxInFlight);
		}
	}

	void connected(int receiveMaximum) {
		synchronized (this.lock) {
			this.connected = true;
			this.limit = Math.min(receiveMaximum, this.maxInFlight);
		}
		drain();
	}

	void disconnected() {
		synchronized (this.lock) {
			this.connected = false;
		}
	}

	private void drain() {
		List<PendingPublish> toSend = new ArrayList<>();
		synchronized (this.lock) {
			while (this.connected && this.inFlight < this.limit && !this.waiting.isEmpty()) {
				PendingPublish next = this.waiting.poll();
				// Its caller gave up waiting (time-out)
				if (!next.delivery().isDone()) {
					this.inFlight++;
					toSend.add(next);
				}
			}
		}
		toSend.forEach(this.sender);
	}

	int inFlight() {
		synchronized (this.lock) {
			return this.inFlight;
		}
	}

	int waiting() {
		synchronized (this.lock) {
			this.waiting.removeIf((publish) -> publish.delivery().isDone());
			return this.waiting.size();
		}
	}

	int limit() {
		synchronized (this.lock) {
			return this.limit;
		}
	}

	record PendingPublish(String topic, MqttMessage message, CompletableFuture<IMqttToken> delivery) {
	}

}
