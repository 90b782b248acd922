package io.mqttspring.autoconfigure;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Callback to adjust the Paho {@link MqttConnectionOptions} of the shared client after
 * the {@code mqtt.*} properties were applied.
 */
@FunctionalInterface
public interface MqttConnectionOptionsCustomizer {

	/**
	 * Customize the connection options.
	 * @param options the options to customize
	 */
	void customize(MqttConnectionOptions options);

}
