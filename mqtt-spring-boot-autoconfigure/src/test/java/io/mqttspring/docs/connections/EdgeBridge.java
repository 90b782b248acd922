package io.mqttspring.docs.connections;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * A bridge from the edge broker to the cloud broker, for docs/connections.md.
 */
// tag::bridge[]
@Component
public class EdgeBridge {

	private final MqttTemplate cloud;

	// The default connection's template: it is @Primary
	public EdgeBridge(MqttTemplate cloud) {
		this.cloud = cloud;
	}

	@MqttListener(topics = "telemetry/#", connection = "edge")
	void forward(byte[] payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
		this.cloud.publish("sites/berlin/" + topic, payload);
	}

}
// end::bridge[]
