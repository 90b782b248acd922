package io.mqttspring.autoconfigure;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Callback to adjust the Paho MQTTv3 {@link MqttConnectOptions} of a connection that
 * speaks MQTT 3.1.1 or 3.1, after the {@code mqtt.*} properties were applied. The
 * protocol version and automatic reconnect are set afterwards and cannot be changed.
 */
@FunctionalInterface
public interface MqttConnectOptionsCustomizer {

	/**
	 * Customize the connect options.
	 * @param options the options to customize
	 */
	void customize(MqttConnectOptions options);

}
