package io.mqttspring.autoconfigure.embedded;

import java.util.List;

import io.mqttspring.autoconfigure.MqttConnectionDetails;

/**
 * {@link MqttConnectionDetails} pointing at the {@link EmbeddedMqttBroker}.
 */
class EmbeddedMqttConnectionDetails implements MqttConnectionDetails {

	private final EmbeddedMqttBroker broker;

	EmbeddedMqttConnectionDetails(EmbeddedMqttBroker broker) {
		this.broker = broker;
	}

	@Override
	public List<String> getServerUris() {
		return List.of(this.broker.getServerUri());
	}

}
