package io.mqttspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.MqttBrokerRefusalException;
import io.mqttspring.connection.SharedMqttClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * Publishes messages on the application's shared MQTT connection.
 */
public class MqttTemplate implements MqttOperations {

	private final SharedMqttClient client;

	private final MqttPayloadConverter payloadConverter;

	private int defaultQos = 1;

	private boolean defaultRetained;

	private Duration publishTimeout = Duration.ofSeconds(30);

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private MqttPublishObservationConvention observationConvention;

	public MqttTemplate(SharedMqttClient client, MqttPayloadConverter payloadConverter) {
		this.client = client;
		this.payloadConverter = payloadConverter;
	}

	/**
	 * Set the QoS of {@link #publish(String, Object)}.
	 * @param defaultQos 0, 1 or 2
	 */
	public void setDefaultQos(int defaultQos) {
		Assert.isTrue(defaultQos >= 0 && defaultQos <= 2, () -> "QoS must be 0, 1 or 2 but was " + defaultQos);
		this.defaultQos = defaultQos;
	}

	/**
	 * Set whether {@link #publish(String, Object)} asks the broker to retain messages.
	 * @param defaultRetained whether messages are retained
	 */
	public void setDefaultRetained(boolean defaultRetained) {
		this.defaultRetained = defaultRetained;
	}

	/**
	 * Set how long a publish may wait for the broker's acknowledgement before its future
	 * fails.
	 * @param publishTimeout the time-out
	 */
	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

	/**
	 * Set the registry for {@code mqtt.publish} observations (timers, spans and trace
	 * propagation in MQTT 5 user properties); none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set a convention to replace {@link DefaultMqttPublishObservationConvention}.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(MqttPublishObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	@Override
	public CompletableFuture<MqttPublishResult> publish(String topic, Object payload) {
		return publish(topic, payload, this.defaultQos, this.defaultRetained);
	}

	@Override
	public CompletableFuture<MqttPublishResult> publish(String topic, Object payload, int qos, boolean retained) {
		try {
			validate(topic, qos);
			MqttMessage message = OutboundMessageMapper.toMqttMessage(this.payloadConverter.toPayload(payload), qos,
					retained, new MqttProperties());
			return doPublish(topic, message);
		}
		catch (RuntimeException ex) {
			return invalid(topic, ex);
		}
	}

	@Override
	public CompletableFuture<MqttPublishResult> send(Message<?> message) {
		String topic = null;
		try {
			topic = OutboundMessageMapper.topic(message);
			Integer qos = OutboundMessageMapper.qos(message);
			Boolean retained = OutboundMessageMapper.retained(message);
			int effectiveQos = (qos != null) ? qos : this.defaultQos;
			validate(topic, effectiveQos);
			MqttMessage mqttMessage = OutboundMessageMapper.toMqttMessage(
					this.payloadConverter.toPayload(message.getPayload()), effectiveQos,
					(retained != null) ? retained : this.defaultRetained,
					OutboundMessageMapper.properties(message.getHeaders()));
			return doPublish(topic, mqttMessage);
		}
		catch (RuntimeException ex) {
			return invalid(topic, ex);
		}
	}

	private static void validate(String topic, int qos) {
		validateTopic(topic);
		Assert.isTrue(qos >= 0 && qos <= 2, () -> "QoS must be 0, 1 or 2 but was " + qos);
	}

	private static CompletableFuture<MqttPublishResult> invalid(String topic, RuntimeException ex) {
		return CompletableFuture.failedFuture(new MqttPublishException(topic,
				"Could not publish to '" + topic + "': " + ex.getMessage(), MqttPublishException.NO_REASON_CODE, ex));
	}

	private CompletableFuture<MqttPublishResult> doPublish(String topic, MqttMessage message) {
		// Started before sending: tracing writes the trace context into the message as it starts
		Observation observation = Observation
			.createNotStarted(this.observationConvention, DefaultMqttPublishObservationConvention.INSTANCE,
					() -> new MqttPublishObservationContext(topic, message), this.observationRegistry)
			.start();
		CompletableFuture<MqttPublishResult> result = new CompletableFuture<>();
		int qos = message.getQos();
		this.client.publish(topic, message)
			.orTimeout(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((token, failure) -> complete(result, observation, topic, qos, token, failure));
		return result;
	}

	private static void validateTopic(String topic) {
		Assert.hasLength(topic, "Topic must not be empty");
		MqttTopicValidator.validate(topic, false, false);
	}

	private void complete(CompletableFuture<MqttPublishResult> result, Observation observation, String topic, int qos,
			IMqttToken token, Throwable failure) {
		if (failure == null) {
			observation.stop();
			int[] reasonCodes = token.getReasonCodes();
			int reasonCode = (reasonCodes != null && reasonCodes.length > 0) ? reasonCodes[0] : 0;
			result.complete(new MqttPublishResult(topic, qos, token.getMessageId(), reasonCode));
		}
		else {
			MqttPublishException exception = publishFailure(topic, failure);
			observation.error(exception);
			observation.stop();
			result.completeExceptionally(exception);
		}
	}

	private static boolean isNotConnected(int reasonCode) {
		return reasonCode == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
				|| reasonCode == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
				|| reasonCode == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
				|| reasonCode == MqttClientException.REASON_CODE_CLIENT_CLOSED;
	}

	private MqttPublishException publishFailure(String topic, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		if (cause instanceof MqttBrokerRefusalException refusal) {
			return new MqttPublishException(topic, refusal.getMessage(), refusal.getReasonCode(), refusal);
		}
		if (cause instanceof TimeoutException) {
			return new MqttPublishException(topic, "Publish to '" + topic + "' was not acknowledged within "
					+ this.publishTimeout.toMillis() + " ms", MqttPublishException.NO_REASON_CODE, cause);
		}
		if (cause instanceof MqttException mqttException && isNotConnected(mqttException.getReasonCode())) {
			String lastFailure = this.client.getLastDisconnectReason();
			return new MqttPublishException(topic,
					"Could not publish to '" + topic + "': not connected to the MQTT broker (state "
							+ this.client.getState() + ((lastFailure != null) ? ", last failure: " + lastFailure : "")
							+ ")",
					MqttPublishException.NO_REASON_CODE, cause);
		}
		return new MqttPublishException(topic, "Could not publish to '" + topic + "': " + cause.getMessage(),
				MqttPublishException.NO_REASON_CODE, cause);
	}

}
