package io.mqttspring.test;

import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.Assert;

/**
 * Starts a broker for an application context and makes it the context's bean, so that it
 * lives exactly as long as the context. Being part of the context's cache key (through
 * {@link #equals(Object)}), it gives every distinct configuration a context, and so a
 * broker, of its own.
 */
class EmbeddedMqttBrokerContextCustomizer implements ContextCustomizer {

	/** The name of the broker's bean. */
	static final String BEAN_NAME = "embeddedMqttBroker";

	private final String serverUrisProperty;

	private final int port;

	EmbeddedMqttBrokerContextCustomizer(String serverUrisProperty, int port) {
		this.serverUrisProperty = serverUrisProperty;
		this.port = port;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		Assert.isInstanceOf(DefaultSingletonBeanRegistry.class, beanFactory);
		io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker broker =
				io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker.start(this.port);
		beanFactory.registerSingleton(BEAN_NAME, broker);
		// A singleton registered from outside is not destroyed with the context unless told
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, broker::close);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(BEAN_NAME, Map.of(this.serverUrisProperty, broker.getServerUri())));
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof EmbeddedMqttBrokerContextCustomizer customizer)
				&& this.serverUrisProperty.equals(customizer.serverUrisProperty) && this.port == customizer.port;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.serverUrisProperty, this.port);
	}

}
