package io.mqttspring.autoconfigure.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link EmbeddedBrokerStartException}, as Spring Boot explains a web server
 * whose port is in use.
 */
class EmbeddedBrokerStartFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedBrokerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedBrokerStartException cause) {
		int port = cause.getPort();
		if (cause.isPortInUse()) {
			return new FailureAnalysis("The embedded MQTT broker (HiveMQ CE) could not start: port " + port
					+ " on 127.0.0.1 is already in use.",
					"Stop the process that listens on port " + port + " (an MQTT broker, or another instance of "
							+ "this application), or set mqtt.embedded.port=0 to start the embedded broker on a free "
							+ "port, or set mqtt.server-uris to connect to the broker that is running instead (the "
							+ "embedded broker then stays off, unless mqtt.embedded.enabled=true).",
					cause);
		}
		return new FailureAnalysis("The embedded MQTT broker (HiveMQ CE) could not start on port " + port + ": "
				+ cause.getReason() + ".",
				"Read HiveMQ's log lines above for the reason, or set mqtt.embedded.enabled=false and "
						+ "mqtt.server-uris to use another broker.",
				cause);
	}

}
