package io.mqttspring.autoconfigure;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Callback to adjust the Paho MQTTv5 {@link MqttConnectionOptions} of a connection that
 * speaks MQTT 5, after the {@code mqtt.*} properties were applied. Automatic reconnect is
 * turned off afterwards and cannot be turned on.
 */
@FunctionalInterface
public interface MqttConnectionOptionsCustomizer {

	/**
	 * Customize the connection options.
	 * @param options the options to customize
	 */
	void customize(MqttConnectionOptions options);

}
