package io.mqttspring.core;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.messaging.Message;

/**
 * A subscription whose messages are taken on demand, opened with
 * {@link MqttOperations#subscribe(String, int)}. Messages wait in a bounded queue and are
 * acknowledged to the broker (QoS 1 and 2) only when they are handed out, so that a slow
 * consumer holds the broker's in-flight window rather than the heap. {@link #close()}
 * unsubscribes.
 */
public interface MqttSubscription extends AutoCloseable {

	/**
	 * The next message, waiting for at most the time-out.
	 * @param timeout how long to wait; zero does not wait
	 * @return the message with the headers of a listener's message, or {@code null} when
	 * none arrived in time or the subscription was closed meanwhile
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the subscription is closed
	 */
	Message<byte[]> receive(Duration timeout) throws InterruptedException;

	/**
	 * The next message, its payload converted like a listener parameter's: {@code byte[]},
	 * {@code String} or JSON.
	 * @param <T> the payload type
	 * @param timeout how long to wait; zero does not wait
	 * @param payloadType the payload type
	 * @return the message, or {@code null} when none arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the subscription is closed
	 * @throws org.springframework.messaging.converter.MessageConversionException if the
	 * payload cannot be converted (the message is acknowledged all the same)
	 */
	<T> Message<T> receive(Duration timeout, Class<T> payloadType) throws InterruptedException;

	/**
	 * The topic filter as subscribed at the broker ({@code {name}} variables as {@code +}).
	 * @return the topic filter
	 */
	String getTopicFilter();

	/**
	 * The name of the connection the subscription is on.
	 * @return the connection name
	 */
	String getConnectionName();

	/**
	 * The messages as a reactive stream: a message is handed out, and acknowledged, when
	 * it is requested, so the subscriber's demand is the back-pressure; cancelling closes
	 * the subscription. One stream per subscription.
	 * @return the messages
	 */
	Flux<Message<byte[]>> flux();

	/**
	 * Unsubscribe at the broker (unless the connection is gone) and end every wait; the
	 * messages still queued are not acknowledged. Calling it again has no effect.
	 */
	@Override
	void close();

}
