package io.mqttspring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.core.MqttPublishObservationConvention;
import io.mqttspring.core.MqttTemplate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Creates the {@link MqttTemplate} of each connection with the {@code mqtt.template.*}
 * settings, the observation registry and the {@link MqttTemplateCustomizer}s.
 */
public final class MqttTemplateFactory {

	/** The name of this factory's bean, which named connections' template beans come from. */
	public static final String BEAN_NAME = "mqttTemplateFactory";

	private final MqttPayloadConverter payloadConverter;

	private final MqttProperties.Template settings;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<MqttPublishObservationConvention> observationConvention;

	private final ObjectProvider<MqttTemplateCustomizer> customizers;

	MqttTemplateFactory(MqttPayloadConverter payloadConverter, MqttProperties.Template settings,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MqttPublishObservationConvention> observationConvention,
			ObjectProvider<MqttTemplateCustomizer> customizers) {
		this.payloadConverter = payloadConverter;
		this.settings = settings;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		this.customizers = customizers;
	}

	/**
	 * Create the template of a connection.
	 * @param client the connection's client
	 * @return the template
	 */
	public MqttTemplate create(SharedMqttClient client) {
		MqttTemplate template = new MqttTemplate(client, this.payloadConverter);
		template.setDefaultQos(this.settings.getDefaultQos());
		template.setDefaultRetained(this.settings.isDefaultRetained());
		template.setPublishTimeout(this.settings.getPublishTimeout());
		template.setReplyTopicPrefix(this.settings.getReplyTopicPrefix());
		if (this.settings.getReceiveQueueCapacity() < 1) {
			throw new InvalidConfigurationPropertyValueException("mqtt.template.receive-queue-capacity",
					this.settings.getReceiveQueueCapacity(), "A subscription must hold at least one message");
		}
		template.setReceiveQueueCapacity(this.settings.getReceiveQueueCapacity());
		if (this.settings.isObservationEnabled()) {
			this.observationRegistry.ifUnique(template::setObservationRegistry);
			this.observationConvention.ifUnique(template::setObservationConvention);
		}
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
		return template;
	}

}
