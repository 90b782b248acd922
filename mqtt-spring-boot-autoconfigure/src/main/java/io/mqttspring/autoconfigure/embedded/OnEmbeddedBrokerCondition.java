package io.mqttspring.autoconfigure.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code mqtt.embedded.enabled} is true, or is not set and neither is
 * {@code mqtt.server-uris}: the way Spring Boot chooses an embedded Artemis broker.
 */
class OnEmbeddedBrokerCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String enabled = environment.getProperty("mqtt.embedded.enabled");
		if (enabled != null) {
			return Boolean.parseBoolean(enabled) ? ConditionOutcome.match("mqtt.embedded.enabled is true")
					: ConditionOutcome.noMatch("mqtt.embedded.enabled is false");
		}
		if (environment.containsProperty("mqtt.server-uris") || environment.containsProperty("mqtt.server-uris[0]")) {
			return ConditionOutcome.noMatch("mqtt.server-uris is set");
		}
		return ConditionOutcome.match("mqtt.server-uris is not set");
	}

}
