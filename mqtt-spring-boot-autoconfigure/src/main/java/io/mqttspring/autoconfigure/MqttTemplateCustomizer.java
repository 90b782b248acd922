package io.mqttspring.autoconfigure;

import io.mqttspring.core.MqttTemplate;

/**
 * Callback to adjust the auto-configured {@link MqttTemplate} after the
 * {@code mqtt.template.*} properties were applied.
 */
@FunctionalInterface
public interface MqttTemplateCustomizer {

	/**
	 * Customize the template.
	 * @param template the template to customize
	 */
	void customize(MqttTemplate template);

}
