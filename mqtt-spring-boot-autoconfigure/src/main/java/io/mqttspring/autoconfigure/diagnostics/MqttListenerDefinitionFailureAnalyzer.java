package io.mqttspring.autoconfigure.diagnostics;

import io.mqttspring.listener.MqttListenerDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link MqttListenerDefinitionException}: which listener, what is wrong with
 * it, and what to change.
 */
class MqttListenerDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<MqttListenerDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MqttListenerDefinitionException cause) {
		return new FailureAnalysis(cause.getDescription() + ".", cause.getAction() + ".", cause);
	}

}
