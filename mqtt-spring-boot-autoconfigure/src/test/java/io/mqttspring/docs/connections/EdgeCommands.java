package io.mqttspring.docs.connections;

import io.mqttspring.core.MqttTemplate;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * The template of a named connection, for docs/connections.md.
 */
// tag::qualified-template[]
@Service
public class EdgeCommands {

	private final MqttTemplate edge;

	public EdgeCommands(@Qualifier("edge") MqttTemplate edge) {
		this.edge = edge;
	}

	public void restart(String deviceId) {
		this.edge.publish("devices/" + deviceId + "/commands", "restart");
	}

}
// end::qualified-template[]
