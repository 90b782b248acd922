package io.mqttspring.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mqttspring.listener.MqttListenerRetryListener;

import org.springframework.messaging.Message;

/**
 * Counts the retries and the dead letters of the listeners: {@code mqtt.listener.retries}
 * and {@code mqtt.listener.dead.letters}, tagged with the {@code listener} id and the
 * {@code connection} name, like the {@code mqtt.listener} timer. A counter appears with
 * the first retry or dead letter of its listener.
 */
public class MqttListenerRetryMetrics implements MqttListenerRetryListener {

	private final MeterRegistry registry;

	public MqttListenerRetryMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onRetry(String listenerId, String connection, Message<?> message, int failedAttempt,
			Throwable failure, Duration backOff) {
		Counter.builder("mqtt.listener.retries")
			.description("Attempts of listeners to process a message again after a failure")
			.tag("listener", listenerId)
			.tag("connection", connection)
			.register(this.registry)
			.increment();
	}

	@Override
	public void onDeadLetter(String listenerId, String connection, Message<?> message, String deadLetterTopic,
			int attempts, Throwable failure) {
		Counter.builder("mqtt.listener.dead.letters")
			.description("Messages that listeners could not process, published to a dead-letter topic")
			.tag("listener", listenerId)
			.tag("connection", connection)
			.register(this.registry)
			.increment();
	}

}
