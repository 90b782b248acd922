package io.mqttspring.autoconfigure;

import java.util.List;

/**
 * {@link MqttConnectionDetails} taken from {@link MqttProperties}.
 */
class PropertiesMqttConnectionDetails implements MqttConnectionDetails {

	private final MqttProperties properties;

	PropertiesMqttConnectionDetails(MqttProperties properties) {
		this.properties = properties;
	}

	@Override
	public List<String> getServerUris() {
		return this.properties.getServerUris();
	}

	@Override
	public String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public String getPassword() {
		return this.properties.getPassword();
	}

}
