package io.mqttspring.docs.observability;

import io.mqttspring.connection.MqttConnectedEvent;
import io.mqttspring.connection.MqttConnectionLostEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs connection events, for docs/observability.md.
 */
// tag::events[]
@Component
public class ConnectionEvents {

	private static final Log logger = LogFactory.getLog(ConnectionEvents.class);

	@EventListener
	void onConnected(MqttConnectedEvent event) {
		if (event.isReconnect() && !event.isSessionPresent()) {
			logger.warn("Reconnected to " + event.getServerUri()
					+ " without a session: QoS 1 and 2 messages sent meanwhile did not wait for us");
		}
	}

	@EventListener
	void onConnectionLost(MqttConnectionLostEvent event) {
		logger.warn("MQTT connection lost: " + event.getReason());
	}

}
// end::events[]
