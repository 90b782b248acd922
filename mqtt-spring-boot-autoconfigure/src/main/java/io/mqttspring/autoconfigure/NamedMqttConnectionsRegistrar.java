package io.mqttspring.autoconfigure;

import java.util.Map;
import java.util.regex.Pattern;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Registers the beans of each named connection ({@code mqtt.connections.<name>.*}): its
 * {@link SharedMqttClient} ({@code <name>MqttClient}) and, when the template is
 * auto-configured, its {@link MqttTemplate} ({@code <name>MqttTemplate}), both qualified
 * with the connection's name. It runs after the auto-configuration's conditions were
 * evaluated, so that the default connection's beans are not taken for user-defined ones.
 */
class NamedMqttConnectionsRegistrar implements BeanDefinitionRegistryPostProcessor {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]*");

	private final Environment environment;

	NamedMqttConnectionsRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, MqttProperties.NamedConnection> connections = Binder.get(this.environment)
			.bind("mqtt.connections", Bindable.mapOf(String.class, MqttProperties.NamedConnection.class))
			.orElse(Map.of());
		for (String name : connections.keySet()) {
			validate(name);
			String clientBean = name + "MqttClient";
			RootBeanDefinition client = new RootBeanDefinition(SharedMqttClient.class);
			client.setFactoryBeanName(MqttClientFactory.BEAN_NAME);
			client.setFactoryMethodName("createNamed");
			client.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
			client.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(clientBean, client);
			if (registry.containsBeanDefinition(MqttTemplateFactory.BEAN_NAME)) {
				RootBeanDefinition template = new RootBeanDefinition(MqttTemplate.class);
				template.setFactoryBeanName(MqttTemplateFactory.BEAN_NAME);
				template.setFactoryMethodName("create");
				template.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference(clientBean));
				template.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
				registry.registerBeanDefinition(name + "MqttTemplate", template);
			}
		}
	}

	private static void validate(String name) {
		if (SharedMqttClient.DEFAULT_CONNECTION_NAME.equals(name) || !NAME.matcher(name).matches()) {
			throw new InvalidConfigurationPropertyValueException("mqtt.connections." + name, name,
					"A connection name starts with a letter and has letters, digits, '-' and '_' only, and "
							+ "'default' is the name of the connection of mqtt.*");
		}
	}

}
