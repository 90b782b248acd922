package io.mqttspring.benchmarks.integration;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.event.MqttMessageDeliveredEvent;
import org.springframework.integration.mqtt.event.MqttMessageDeliveryEvent;
import org.springframework.integration.mqtt.event.MqttMessageNotDeliveredEvent;

/**
 * The in-flight window a user of the async handler needs: Paho refuses publishes beyond
 * the broker's Receive Maximum, and the handler neither waits nor queues. A slot frees on
 * Spring Integration's delivery events.
 */
public class DeliveryWindow implements ApplicationListener<MqttMessageDeliveryEvent> {

	private final Semaphore slots;

	private final int size;

	private final AtomicInteger failures = new AtomicInteger();

	DeliveryWindow(Semaphore slots, int size) {
		this.slots = slots;
		this.size = size;
	}

	void acquire() throws InterruptedException {
		this.slots.acquire();
	}

	void release() {
		this.slots.release();
	}

	int failures() {
		return this.failures.get();
	}

	boolean awaitEmpty(Duration timeout) throws InterruptedException {
		if (!this.slots.tryAcquire(this.size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return false;
		}
		this.slots.release(this.size);
		return true;
	}

	@Override
	public void onApplicationEvent(MqttMessageDeliveryEvent event) {
		if (event instanceof MqttMessageDeliveredEvent) {
			this.slots.release();
		}
		else if (event instanceof MqttMessageNotDeliveredEvent) {
			this.failures.incrementAndGet();
			this.slots.release();
		}
	}

}
