package io.mqttspring.aot;

import io.mqttspring.Reading;
import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttProperties;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.listener.AckMode;
import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing of an application with the MQTT auto-configuration and
 * {@link MqttListener @MqttListener} methods, as {@code process-aot} runs it: the runtime
 * hints it produces for a native image.
 */
class MqttAotProcessingTests {

	private static RuntimeHints hints;

	@BeforeAll
	static void processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(ListenerApplication.class);
			TestPropertyValues.of("mqtt.server-uris=tcp://127.0.0.1:1883").applyTo(context);
			DefaultGenerationContext generationContext = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(ListenerApplication.class)), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			hints = generationContext.getRuntimeHints();
		}
	}

	@Test
	void listenerMethodsAreRegisteredForInvocation() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onReading"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onAlarm")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onQuery")).accepts(hints);
	}

	@Test
	void payloadTypesAreRegisteredForJsonBindingAlsoInsideMessage() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Reading.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Reading.class, "celsius")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Alarm.class, "level")).accepts(hints);
	}

	@Test
	void replyTypeOfSendToListenerIsRegisteredForJsonBinding() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Answer.class, "text")).accepts(hints);
	}

	@Test
	void topicVariablesAndAcknowledgmentsAreNotTakenForPayloads() {
		assertThat(RuntimeHintsPredicates.reflection().onType(MqttAcknowledgment.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(DeviceId.class)).rejects(hints);
	}

	@Test
	void pahoHintsFromAotFactoriesArePartOfTheApplicationsHints() {
		assertThat(RuntimeHintsPredicates.resource().forBundle("org.eclipse.paho.mqttv5.client.internal.nls.logcat"))
			.accepts(hints);
	}

	@Test
	void mqttConfigurationPropertiesAreRegisteredForBindingBySpringBoot() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MqttProperties.class, "setServerUris"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MqttProperties.Template.class, "setDefaultQos")).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	// Task scheduling as in an application: Spring Integration's own fallback scheduler
	// cannot be processed ahead of time
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
			IntegrationAutoConfiguration.class, MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
			MqttListenerAutoConfiguration.class })
	static class ListenerApplication {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		@MqttListener(topics = "readings/{deviceId}")
		void onReading(Reading reading, @TopicVariable("deviceId") DeviceId deviceId) {
		}

		@MqttListener(topics = "alarms", ackMode = AckMode.MANUAL)
		void onAlarm(Message<Alarm> alarm, MqttAcknowledgment acknowledgment) {
		}

		@MqttListener(topics = "queries")
		@SendTo
		Answer onQuery(String query) {
			return new Answer(query);
		}

	}

	record DeviceId(String value) {
	}

	record Alarm(int level) {
	}

	record Answer(String text) {
	}

}
