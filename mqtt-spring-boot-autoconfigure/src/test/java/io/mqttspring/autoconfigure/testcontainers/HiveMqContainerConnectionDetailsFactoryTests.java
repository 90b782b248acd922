package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import io.mqttspring.autoconfigure.embedded.MqttEmbeddedBrokerAutoConfiguration;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.StandInContainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.hivemq.HiveMQContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a {@link HiveMQContainer} bean, without Docker: the
 * container stands in for the embedded HiveMQ broker, so the connection is real.
 */
@ExtendWith(EmbeddedHiveMq.class)
class HiveMqContainerConnectionDetailsFactoryTests {

	@Test
	void serviceConnectionPointsTheApplicationAtTheContainersMappedMqttPortInsteadOfServerUris() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
			.withUserConfiguration(HiveMqContainerConfiguration.class, EchoListener.class)
			.withPropertyValues("echo.topic=testcontainers/hivemq")
			.run((context) -> {
				assertThat(context).hasSingleBean(MqttConnectionDetails.class);
				assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
					.containsExactly("tcp://127.0.0.1:" + EmbeddedHiveMq.port());
				EchoListener.assertRoundTrip(context, "through the HiveMQ container's details");
			});
	}

	@Test
	void serviceConnectionSwitchesTheEmbeddedBrokerOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class,
					MqttEmbeddedBrokerAutoConfiguration.class, MqttAutoConfiguration.class))
			.withUserConfiguration(HiveMqContainerConfiguration.class)
			.withPropertyValues("mqtt.embedded.port=0")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class);
				assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
					.containsExactly("tcp://127.0.0.1:" + EmbeddedHiveMq.port());
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class HiveMqContainerConfiguration {

		@Bean
		@ServiceConnection
		HiveMQContainer hiveMqContainer() {
			return StandInContainers.hiveMq();
		}

	}

}
