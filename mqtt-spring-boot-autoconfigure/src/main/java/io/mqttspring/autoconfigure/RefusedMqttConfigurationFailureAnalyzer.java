package io.mqttspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@link RefusedMqttConfigurationException} with its own description and
 * action; it comes ahead of Spring Boot's analyzer of invalid property values, which would
 * only say to review the value.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusedMqttConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RefusedMqttConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RefusedMqttConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
