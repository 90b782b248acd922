package io.mqttspring.listener;

import java.time.Duration;

import org.springframework.messaging.Message;

/**
 * Told about the retries and dead letters of the listeners, for example to count them:
 * the metrics auto-configuration registers one that gives the {@code mqtt.listener.retries}
 * and {@code mqtt.listener.dead.letters} counters. Every bean of this type is told, on the
 * listener's thread or, for dead letters, on the thread that completed the publish; it
 * must not block.
 */
public interface MqttListenerRetryListener {

	/**
	 * An attempt failed and the listener tries again after the back-off.
	 * @param listenerId the listener
	 * @param connection the name of the connection the message arrived on
	 * @param message the message
	 * @param failedAttempt the number of the attempt that failed, 1 for the first
	 * @param failure what the attempt threw
	 * @param backOff how long the listener waits before the next attempt
	 */
	default void onRetry(String listenerId, String connection, Message<?> message, int failedAttempt,
			Throwable failure, Duration backOff) {
	}

	/**
	 * The broker acknowledged the dead letter of a message that could not be processed;
	 * the message itself is acknowledged next.
	 * @param listenerId the listener
	 * @param connection the name of the connection the message arrived and the dead letter
	 * went on
	 * @param message the message
	 * @param deadLetterTopic the topic the dead letter was published to
	 * @param attempts how many times the listener was invoked with the message
	 * @param failure what the last attempt threw
	 */
	default void onDeadLetter(String listenerId, String connection, Message<?> message, String deadLetterTopic,
			int attempts, Throwable failure) {
	}

}
