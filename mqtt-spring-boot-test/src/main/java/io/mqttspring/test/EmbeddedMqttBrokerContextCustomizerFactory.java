package io.mqttspring.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * {@link ContextCustomizerFactory} that gives the contexts of test classes annotated with
 * {@link EmbeddedMqttBroker @EmbeddedMqttBroker} their broker.
 */
class EmbeddedMqttBrokerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedMqttBroker annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EmbeddedMqttBroker.class);
		return (annotation != null)
				? new EmbeddedMqttBrokerContextCustomizer(annotation.serverUrisProperty(), annotation.port()) : null;
	}

}
