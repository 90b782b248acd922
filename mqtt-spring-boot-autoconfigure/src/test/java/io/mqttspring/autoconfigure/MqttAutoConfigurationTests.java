package io.mqttspring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.TransportSettings;
import io.mqttspring.connection.transport.pahov5.PahoV5Transport;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttPayloadConverter;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.testsupport.MqttContexts;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Conditions and property binding of the MQTT auto-configuration. The broker address
 * points at a closed port: these tests look at beans, not at traffic.
 */
class MqttAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
				MqttListenerAutoConfiguration.class))
		.withPropertyValues("mqtt.server-uris=tcp://127.0.0.1:1", "mqtt.embedded.enabled=false");

	@Test
	void createsSharedClientTemplateConverterAndListenerInfrastructure() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SharedMqttClient.class)
				.hasSingleBean(MqttTemplate.class)
				.hasSingleBean(MqttPayloadConverter.class)
				.hasSingleBean(MqttListenerEndpointRegistry.class)
				.hasSingleBean(MqttListenerAnnotationBeanPostProcessor.class)
				.hasSingleBean(PropertiesMqttConnectionDetails.class);
		});
	}

	@Test
	void startsWithoutBrokerAndKeepsTryingInTheBackground() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.isRunning()).isTrue();
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTING);
		});
	}

	@Test
	void bindsConnectionPropertiesToPahoOptionsAndTheServerUrisToTheClient() {
		this.runner
			.withPropertyValues("mqtt.server-uris=tcp://127.0.0.1:1,tcp://127.0.0.1:2", "mqtt.client-id=orders-1",
					"mqtt.username=app", "mqtt.password=s3cret", "mqtt.clean-start=false", "mqtt.session-expiry=1h",
					"mqtt.keep-alive=15s", "mqtt.connection-timeout=5s")
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				MqttConnectionOptions options = MqttContexts.pahoOptions(client);
				assertThat(client.getClientId()).isEqualTo("orders-1");
				assertThat(client.getServerUris()).containsExactly("tcp://127.0.0.1:1", "tcp://127.0.0.1:2");
				assertThat(options.isCleanStart()).isFalse();
				assertThat(options.getSessionExpiryInterval()).isEqualTo(3600L);
				assertThat(options.getKeepAliveInterval()).isEqualTo(15);
				assertThat(options.getConnectionTimeout()).isEqualTo(5);
				assertThat(options.isAutomaticReconnect()).isFalse();
			});
	}

	@Test
	void bindsLastWillWithMqtt5PropertiesToPahoOptions() {
		this.runner
			.withPropertyValues("mqtt.will.topic=status/app", "mqtt.will.payload=gone", "mqtt.will.qos=2",
					"mqtt.will.retained=true", "mqtt.will.delay=5s", "mqtt.will.message-expiry=1m",
					"mqtt.will.content-type=text/plain", "mqtt.will.user-properties.node=a")
			.run((context) -> {
				MqttConnectionOptions options = MqttContexts.pahoOptions(context);
				assertThat(options.getWillDestination()).isEqualTo("status/app");
				assertThat(new String(options.getWillMessage().getPayload(), StandardCharsets.UTF_8)).isEqualTo("gone");
				assertThat(options.getWillMessage().getQos()).isEqualTo(2);
				assertThat(options.getWillMessage().isRetained()).isTrue();
				assertThat(options.getWillMessageProperties().getWillDelayInterval()).isEqualTo(5L);
				assertThat(options.getWillMessageProperties().getMessageExpiryInterval()).isEqualTo(60L);
				assertThat(options.getWillMessageProperties().getContentType()).isEqualTo("text/plain");
				assertThat(options.getWillMessageProperties().getUserProperties())
					.extracting((property) -> property.getKey() + "=" + property.getValue())
					.containsExactly("node=a");
			});
	}

	@Test
	void noWillWithoutWillTopic() {
		this.runner.run((context) -> assertThat(
				MqttContexts.pahoOptions(context).getWillMessage())
			.isNull());
	}

	@Test
	void defaultClientIdIsApplicationNameWithRandomSuffix() {
		this.runner.withPropertyValues("spring.application.name=billing").run((context) -> {
			assertThat(context.getBean(SharedMqttClient.class).getClientId()).matches("billing-[0-9a-f]{8}");
		});
	}

	@Test
	void bindsTemplateDefaults() {
		this.runner.withPropertyValues("mqtt.template.default-qos=2", "mqtt.template.publish-timeout=3s")
			.run((context) -> {
				MqttProperties properties = context.getBean(MqttProperties.class);
				assertThat(properties.getTemplate().getDefaultQos()).isEqualTo(2);
				assertThat(properties.getTemplate().getPublishTimeout()).hasSeconds(3);
			});
	}

	@Test
	void templateCustomizersApplyAfterProperties() {
		this.runner.withPropertyValues("mqtt.template.default-qos=2")
			.withBean(MqttTemplateCustomizer.class, () -> (template) -> template.setDefaultQos(0))
			.run((context) -> {
				MqttTemplate template = context.getBean(MqttTemplate.class);
				assertThat(template).extracting("defaultQos").isEqualTo(0);
			});
	}

	@Test
	void bindsListenerAndBufferProperties() {
		this.runner
			.withPropertyValues("mqtt.listener.auto-startup=false", "mqtt.listener.queue-capacity=10",
					"mqtt.template.buffer.max-messages=7", "mqtt.template.buffer.max-bytes=2KB",
					"mqtt.template.max-block=250ms", "mqtt.template.reply-topic-prefix=answers")
			.run((context) -> {
				MqttProperties properties = context.getBean(MqttProperties.class);
				assertThat(properties.getListener().isAutoStartup()).isFalse();
				assertThat(properties.getListener().getQueueCapacity()).isEqualTo(10);
				assertThat(properties.getTemplate().getBuffer().getMaxMessages()).isEqualTo(7);
				assertThat(properties.getTemplate().getBuffer().getMaxBytes().toBytes()).isEqualTo(2048);
				assertThat(properties.getTemplate().getMaxBlock()).isEqualTo(Duration.ofMillis(250));
				assertThat(context.getBean(MqttTemplate.class)).extracting("replyTopicPrefix").isEqualTo("answers");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			mqtt.template.buffer.max-messages | 0    | The outbound buffer must hold at least one message
			mqtt.template.buffer.max-messages | -5   | The outbound buffer must hold at least one message
			mqtt.template.buffer.max-bytes    | 0B   | The outbound buffer must hold at least one byte
			mqtt.template.max-block           | -1s  | The time a publish waits for room must be 0 (fail at once) or positive
			""")
	void outboundBufferSettingsThatCannotWorkFailTheStartUpNamingThePropertyAndValue(String property, String value,
			String reason) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Property " + property + " with value '")
				.hasMessageContaining(reason);
		});
	}

	@Test
	void connectionOptionsCustomizersApplyAfterProperties() {
		this.runner.withPropertyValues("mqtt.keep-alive=15s")
			.withBean(MqttConnectionOptionsCustomizer.class, () -> (options) -> options.setKeepAliveInterval(7))
			.run((context) -> assertThat(
					MqttContexts.pahoOptions(context).getKeepAliveInterval())
				.isEqualTo(7));
	}

	@Test
	void userDefinedConnectionDetailsReplaceProperties() {
		this.runner.withBean(MqttConnectionDetails.class, () -> () -> List.of("tcp://127.0.0.1:3"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PropertiesMqttConnectionDetails.class);
				assertThat(context.getBean(SharedMqttClient.class).getServerUris()).containsExactly("tcp://127.0.0.1:3");
			});
	}

	@Test
	void userDefinedTemplateAndClientWin() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(MqttOperations.class);
			assertThat(context.getBean(MqttOperations.class)).isSameAs(context.getBean(UserBeans.class).template);
			assertThat(context.getBean(SharedMqttClient.class).getClientId()).isEqualTo("user-client");
		});
	}

	@Test
	void persistentSessionWithZeroExpiryIsRefusedWithExplanation() {
		this.runner.withPropertyValues("mqtt.clean-start=false", "mqtt.client-id=stable").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mqtt.session-expiry")
				.hasMessageContaining("discard the session at every disconnect");
		});
	}

	@Test
	void persistentSessionWithRandomClientIdIsRefused() {
		this.runner.withPropertyValues("mqtt.clean-start=false", "mqtt.session-expiry=1h").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("mqtt.client-id")
				.hasMessageContaining("stable, unique value");
		});
	}

	@Test
	void invalidServerUriFailsStartupNamingTheUri() {
		this.runner.withPropertyValues("mqtt.server-uris=http://127.0.0.1:1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http://127.0.0.1:1");
		});
	}

	@Test
	void backsOffWithoutPaho() {
		this.runner.withClassLoader(new FilteredClassLoader(MqttAsyncClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SharedMqttClient.class)
				.doesNotHaveBean(MqttTemplate.class)
				.doesNotHaveBean(MqttListenerEndpointRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final MqttOperations template = mock(MqttOperations.class);

		@Bean
		MqttOperations userTemplate() {
			return this.template;
		}

		@Bean
		SharedMqttClient userClient() {
			List<String> serverUris = List.of("tcp://127.0.0.1:1");
			TransportSettings settings = new TransportSettings("user-client", serverUris, MqttProtocolVersion.MQTT_5,
					true, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), null, null, true, Map.of(),
					1000, 100);
			return new SharedMqttClient(new PahoV5Transport(settings, (options) -> {
			}), serverUris, new org.springframework.util.backoff.FixedBackOff(60_000), Duration.ofSeconds(5), false);
		}

	}

}
