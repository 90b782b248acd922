package io.mqttspring.test;

import java.util.Arrays;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ClassUtils;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedMqttBroker @EmbeddedMqttBroker}. In a
 * test class run by the {@link SpringExtension} it leaves the broker to the application
 * context (see {@link EmbeddedMqttBrokerContextCustomizerFactory}); otherwise it starts the
 * broker before the class's tests and stops it after them. In both cases it resolves
 * {@link MqttServerUri @MqttServerUri} parameters.
 */
public class EmbeddedMqttBrokerExtension implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EmbeddedMqttBrokerExtension.class);

	private static final String BROKER = "broker";

	@Override
	public void beforeAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		if (isSpringTest(testClass)) {
			return;
		}
		EmbeddedMqttBroker annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EmbeddedMqttBroker.class);
		int port = (annotation != null) ? annotation.port() : 0;
		// Stores look up their parents, so @Nested classes share their enclosing class's
		// broker; the store closes the broker when the class's tests are done
		context.getStore(NAMESPACE)
			.computeIfAbsent(BROKER, (key) -> io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker.start(port),
					io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker.class);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.isAnnotated(MqttServerUri.class)
				&& parameterContext.getParameter().getType() == String.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return broker(extensionContext).getServerUri();
	}

	private static io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker broker(ExtensionContext context) {
		if (isSpringTest(context.getRequiredTestClass())) {
			return SpringExtension.getApplicationContext(context)
				.getBean(EmbeddedMqttBrokerContextCustomizer.BEAN_NAME,
						io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker.class);
		}
		io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker broker = context.getStore(NAMESPACE)
			.get(BROKER, io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker.class);
		if (broker == null) {
			throw new ParameterResolutionException("No embedded MQTT broker for " + context.getRequiredTestClass()
					+ ": @MqttServerUri needs @EmbeddedMqttBroker on the test class");
		}
		return broker;
	}

	// The way spring-kafka-test's EmbeddedKafkaCondition tells: a test class run by the
	// SpringExtension, directly or through an enclosing class of a @Nested one
	private static boolean isSpringTest(Class<?> testClass) {
		return MergedAnnotations.search(SearchStrategy.TYPE_HIERARCHY)
			.withEnclosingClasses(ClassUtils::isInnerClass)
			.from(testClass)
			.stream(ExtendWith.class)
			.map(MergedAnnotation::synthesize)
			.flatMap((extendWith) -> Arrays.stream(extendWith.value()))
			.anyMatch(SpringExtension.class::isAssignableFrom);
	}

}
