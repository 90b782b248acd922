package io.mqttspring.autoconfigure;

import java.time.Duration;

import io.mqttspring.connection.transport.MqttTopics;
import io.mqttspring.listener.MqttDeadLetterTopicResolver;
import io.mqttspring.listener.MqttListenerRetrySettings;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code mqtt.listener.retry.*} and {@code mqtt.listener.dead-letter.*} into the
 * settings of the listener registry, refusing at start-up the values that cannot work,
 * with the property they came from.
 */
final class ListenerRecoverySettings {

	private ListenerRecoverySettings() {
	}

	/**
	 * The retry settings of the listeners.
	 * @param retry the properties
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException naming a property whose value
	 * cannot work
	 */
	static MqttListenerRetrySettings retrySettings(MqttProperties.Retry retry) {
		if (retry.getMaxAttempts() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.listener.retry.max-attempts",
					retry.getMaxAttempts(), "A message gets at least one attempt; 1 means no retry");
		}
		Duration initialInterval = retry.getInitialInterval();
		if (initialInterval == null || initialInterval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("mqtt.listener.retry.initial-interval",
					initialInterval, "The back-off before the second attempt must be 0 or positive");
		}
		if (Double.isNaN(retry.getMultiplier()) || retry.getMultiplier() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.listener.retry.multiplier",
					retry.getMultiplier(), "The back-off must not shrink: use a multiplier of 1 (a fixed back-off) or "
							+ "more");
		}
		Duration maxInterval = retry.getMaxInterval();
		if (maxInterval == null || maxInterval.isNegative() || maxInterval.isZero()
				|| maxInterval.compareTo(initialInterval) < 0) {
			throw new InvalidConfigurationPropertyValueException("mqtt.listener.retry.max-interval", maxInterval,
					"The longest back-off must be positive and at least mqtt.listener.retry.initial-interval ("
							+ initialInterval + ")");
		}
		return new MqttListenerRetrySettings(retry.isEnabled(), retry.getMaxAttempts(), initialInterval,
				retry.getMultiplier(), maxInterval);
	}

	/**
	 * The resolver of dead-letter topics from the prefix.
	 * @param deadLetter the properties
	 * @return the resolver
	 * @throws InvalidConfigurationPropertyValueException if the prefix cannot start a
	 * topic name
	 */
	static MqttDeadLetterTopicResolver topicResolver(MqttProperties.DeadLetter deadLetter) {
		String prefix = deadLetter.getTopicPrefix();
		try {
			MqttTopics.validateTopicName(prefix);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("mqtt.listener.dead-letter.topic-prefix", prefix,
					"The prefix starts the topic names of dead letters, such as 'dead-letter/', but " + ex.getMessage());
		}
		return MqttDeadLetterTopicResolver.withPrefix(prefix);
	}

}
