package io.mqttspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an {@link InvalidPersistentSessionException}. Spring Boot's analyzer of
 * invalid property values would report the property that is missing as having an invalid
 * value (its default, or {@code null}), and not name the setting that asked for a
 * persistent session, so this one comes first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidPersistentSessionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPersistentSessionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPersistentSessionException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
