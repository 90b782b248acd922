package io.mqttspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an {@link UnavailableMqttTransportException}: which dependency to add, or which
 * transport speaks the protocol version. Spring Boot's analyzer of invalid property values
 * would only say to review the value, so this one comes first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnavailableMqttTransportFailureAnalyzer extends AbstractFailureAnalyzer<UnavailableMqttTransportException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnavailableMqttTransportException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
