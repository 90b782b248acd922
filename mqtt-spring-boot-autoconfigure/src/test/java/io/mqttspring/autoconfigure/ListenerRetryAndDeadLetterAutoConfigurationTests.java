package io.mqttspring.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.autoconfigure.metrics.MqttListenerRetryMetrics;
import io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import io.mqttspring.listener.MqttDeadLetterTopicResolver;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.listener.MqttListenerRetrySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@code mqtt.listener.retry.*} and {@code mqtt.listener.dead-letter.*} into the
 * listener registry, the dead-letter topic resolver bean, the retry counters' bean, and
 * the values refused at start-up. The broker address points at a closed port: these tests
 * look at beans, not at traffic.
 */
class ListenerRetryAndDeadLetterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
				MqttListenerAutoConfiguration.class))
		.withPropertyValues("mqtt.server-uris=tcp://127.0.0.1:1", "mqtt.embedded.enabled=false");

	private static final Message<byte[]> ORDER = MessageBuilder.withPayload(new byte[0])
		.setHeader(MqttHeaders.RECEIVED_TOPIC, "orders/42")
		.build();

	@Test
	void withoutPropertiesListenersDoNotRetryAndPublishNoDeadLetters() {
		this.runner.run((context) -> {
			MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
			assertThat(registry.getRetrySettings()).isEqualTo(new MqttListenerRetrySettings(false, 3,
					Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
			assertThat(registry.getDeadLetterTopicResolver()).isNull();
			assertThat(context).doesNotHaveBean(MqttDeadLetterTopicResolver.class);
		});
	}

	@Test
	void retryPropertiesReachTheRegistry() {
		this.runner
			.withPropertyValues("mqtt.listener.retry.enabled=true", "mqtt.listener.retry.max-attempts=5",
					"mqtt.listener.retry.initial-interval=250ms", "mqtt.listener.retry.multiplier=1.5",
					"mqtt.listener.retry.max-interval=4s")
			.run((context) -> assertThat(context.getBean(MqttListenerEndpointRegistry.class).getRetrySettings())
				.isEqualTo(new MqttListenerRetrySettings(true, 5, Duration.ofMillis(250), 1.5, Duration.ofSeconds(4))));
	}

	@Test
	void enabledDeadLettersGoToThePrefixFollowedByTheOriginalTopicUnlessTheyAreDeadLettersAlready() {
		this.runner.withPropertyValues("mqtt.listener.dead-letter.enabled=true").run((context) -> {
			MqttDeadLetterTopicResolver resolver = context.getBean(MqttDeadLetterTopicResolver.class);
			assertThat(context.getBean(MqttListenerEndpointRegistry.class).getDeadLetterTopicResolver())
				.isSameAs(resolver);
			assertThat(resolver.resolveTopic(ORDER, null)).isEqualTo("dead-letter/orders/42");
			Message<byte[]> deadLetter = MessageBuilder.withPayload(new byte[0])
				.setHeader(MqttHeaders.RECEIVED_TOPIC, "dead-letter/orders/42")
				.build();
			assertThat(resolver.resolveTopic(deadLetter, null)).as("a dead letter failing again is not parked again")
				.isNull();
		});
		this.runner
			.withPropertyValues("mqtt.listener.dead-letter.enabled=true",
					"mqtt.listener.dead-letter.topic-prefix=parked/")
			.run((context) -> assertThat(context.getBean(MqttDeadLetterTopicResolver.class).resolveTopic(ORDER, null))
				.isEqualTo("parked/orders/42"));
	}

	@Test
	void applicationsResolverReplacesThePrefixOne() {
		MqttDeadLetterTopicResolver own = (message, failure) -> "mine";
		this.runner.withPropertyValues("mqtt.listener.dead-letter.enabled=true")
			.withBean(MqttDeadLetterTopicResolver.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(MqttDeadLetterTopicResolver.class);
				assertThat(context.getBean(MqttListenerEndpointRegistry.class).getDeadLetterTopicResolver())
					.isSameAs(own);
			});
	}

	@Test
	void applicationsResolverIsNotUsedWhileDeadLettersAreDisabled() {
		this.runner.withBean(MqttDeadLetterTopicResolver.class, () -> (message, failure) -> "mine")
			.run((context) -> assertThat(
					context.getBean(MqttListenerEndpointRegistry.class).getDeadLetterTopicResolver())
				.isNull());
	}

	@Test
	void withAMeterRegistryRetriesAndDeadLettersAreCounted() {
		this.runner.withConfiguration(AutoConfigurations.of(MqttMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MqttListenerRetryMetrics.class));
		this.runner.withConfiguration(AutoConfigurations.of(MqttMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MqttListenerRetryMetrics.class));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			mqtt.listener.retry.max-attempts        | 0       | A message gets at least one attempt
			mqtt.listener.retry.initial-interval    | -1s     | The back-off before the second attempt must be 0 or positive
			mqtt.listener.retry.multiplier          | 0.5     | The back-off must not shrink
			mqtt.listener.retry.max-interval        | 0s      | The longest back-off must be positive
			mqtt.listener.retry.max-interval        | 500ms   | at least mqtt.listener.retry.initial-interval (PT1S)
			mqtt.listener.dead-letter.topic-prefix  | dl/+/   | the topic contains the wildcard '+'
			mqtt.listener.dead-letter.topic-prefix  | dl/#    | the topic contains the wildcard '#'
			""")
	void settingsThatCannotWorkFailTheStartUpNamingThePropertyAndValue(String property, String value,
			String reason) {
		this.runner.withPropertyValues("mqtt.listener.dead-letter.enabled=true", property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Property " + property + " with value '")
					.hasMessageContaining(reason);
			});
	}

	@Test
	void emptyTopicPrefixFailsTheStartUp() {
		this.runner.withPropertyValues("mqtt.listener.dead-letter.enabled=true", "mqtt.listener.dead-letter.topic-prefix=")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Property mqtt.listener.dead-letter.topic-prefix with value '' is invalid")
					.hasMessageContaining("the topic must not be empty");
			});
	}

}
