package io.mqttspring.listener;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.UserProperty;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttPublishOptions;

import org.springframework.messaging.Message;

/**
 * Publishes the dead letter of a message that a listener could not process, on the
 * listener's connection: the original payload, at the original QoS, not retained, to the
 * topic the {@link MqttDeadLetterTopicResolver} chose. On MQTT 5 it carries the
 * {@link MqttDeadLetterHeaders} and the original's user properties and content type;
 * MQTT 3.1.1 and 3.1 have no properties, so there the caller logs the details.
 */
final class DeadLetterPublisher {

	private static final Set<String> OWN_PROPERTIES = Set.of(MqttDeadLetterHeaders.ORIGINAL_TOPIC,
			MqttDeadLetterHeaders.LISTENER_ID, MqttDeadLetterHeaders.EXCEPTION_CLASS,
			MqttDeadLetterHeaders.EXCEPTION_MESSAGE, MqttDeadLetterHeaders.ATTEMPTS);

	private final MqttDeadLetterTopicResolver resolver;

	private final Supplier<MqttOperations> operations;

	private final boolean mqtt5;

	/**
	 * @param resolver decides the topic of each dead letter
	 * @param operations the operations of the listener's connection
	 * @param mqtt5 whether the connection speaks MQTT 5
	 */
	DeadLetterPublisher(MqttDeadLetterTopicResolver resolver, Supplier<MqttOperations> operations, boolean mqtt5) {
		this.resolver = resolver;
		this.operations = operations;
		this.mqtt5 = mqtt5;
	}

	/**
	 * The topic of a message's dead letter.
	 * @param message the message
	 * @param failure the failure
	 * @return the topic, or {@code null} for no dead letter
	 */
	String resolveTopic(Message<?> message, MqttListenerExecutionFailedException failure) {
		return this.resolver.resolveTopic(message, failure);
	}

	/**
	 * Publish a dead letter. Never waits for the broker: the listener's thread must go on
	 * taking messages off the queue that the MQTT client's thread may be waiting to put
	 * into, or the acknowledgement of the dead letter could never be read.
	 * @param topic the topic of the dead letter
	 * @param original the message
	 * @param listenerId the listener that failed
	 * @param exception what the listener threw on its last attempt
	 * @param attempts how many times the listener was invoked with the message
	 * @return completes when the broker acknowledged the dead letter (QoS 1 and 2) or it
	 * was written (QoS 0); fails when it was refused or could not be sent
	 */
	CompletableFuture<?> publish(String topic, InboundPublish original, String listenerId, Throwable exception,
			int attempts) {
		try {
			return this.operations.get().publish(topic, original.payload(), (options) -> {
				options.qos(original.qos()).retained(false);
				if (this.mqtt5) {
					addProperties(options, original, listenerId, exception, attempts);
				}
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static void addProperties(MqttPublishOptions options, InboundPublish original, String listenerId,
			Throwable exception, int attempts) {
		MqttPublishProperties properties = original.properties();
		if (properties.contentType() != null) {
			options.contentType(properties.contentType());
		}
		if (properties.utf8Payload()) {
			options.payloadFormatIndicator(true);
		}
		for (UserProperty property : properties.userProperties()) {
			// A dead letter processed and failed again tells the story of its last failure
			if (!OWN_PROPERTIES.contains(property.name())) {
				options.userProperty(property.name(), property.value());
			}
		}
		options.userProperty(MqttDeadLetterHeaders.ORIGINAL_TOPIC, original.topic())
			.userProperty(MqttDeadLetterHeaders.LISTENER_ID, listenerId)
			.userProperty(MqttDeadLetterHeaders.EXCEPTION_CLASS, exception.getClass().getName())
			.userProperty(MqttDeadLetterHeaders.EXCEPTION_MESSAGE,
					truncate(exception.getMessage(), MqttDeadLetterHeaders.EXCEPTION_MESSAGE_MAX_BYTES))
			.userProperty(MqttDeadLetterHeaders.ATTEMPTS, String.valueOf(attempts));
	}

	/**
	 * Cut a text to at most the given number of UTF-8 bytes, at a character boundary.
	 * @param text the text, or {@code null}
	 * @param maxBytes the most bytes
	 * @return the text, shortened where needed; empty for {@code null}
	 */
	static String truncate(String text, int maxBytes) {
		if (text == null) {
			return "";
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return text;
		}
		// A decoder that stops before an incomplete sequence at the end, instead of
		// replacing it, leaves out the character that the cut went through
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		CharBuffer decoded = CharBuffer.allocate(maxBytes);
		decoder.decode(ByteBuffer.wrap(bytes, 0, maxBytes), decoded, false);
		decoded.flip();
		return decoded.toString();
	}

}
