package io.mqttspring.listener;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How the listeners of a registry try a failed invocation again, unless a listener's
 * {@link MqttListener#retry()} says otherwise: the number of attempts and an exponential
 * back-off between them ({@code mqtt.listener.retry.*}).
 *
 * @param enabled whether listeners retry by default
 * @param maxAttempts the number of attempts, the first included
 * @param initialInterval the back-off before the second attempt
 * @param multiplier what each further back-off is multiplied by
 * @param maxInterval the longest back-off
 */
public record MqttListenerRetrySettings(boolean enabled, int maxAttempts, Duration initialInterval, double multiplier,
		Duration maxInterval) {

	/** The defaults: disabled; 3 attempts, 1 s back-off doubling up to 10 s when enabled. */
	public static final MqttListenerRetrySettings DEFAULTS = new MqttListenerRetrySettings(false, 3,
			Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

	public MqttListenerRetrySettings {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
		Assert.isTrue(!initialInterval.isNegative(), "initialInterval must not be negative");
		Assert.isTrue(multiplier >= 1, "multiplier must be at least 1");
		Assert.isTrue(!maxInterval.isNegative() && !maxInterval.isZero() && maxInterval.compareTo(initialInterval) >= 0,
				"maxInterval must be positive and at least initialInterval");
	}

	/**
	 * The same back-off with another number of attempts, enabled.
	 * @param attempts the number of attempts, the first included
	 * @return the settings
	 */
	public MqttListenerRetrySettings withMaxAttempts(int attempts) {
		return new MqttListenerRetrySettings(true, attempts, this.initialInterval, this.multiplier, this.maxInterval);
	}

}
