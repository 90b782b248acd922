package io.mqttspring.autoconfigure.testcontainers;

import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.StandInContainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsNotFoundException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a {@link GenericContainer} running the
 * {@code eclipse-mosquitto} image, without Docker: the container stands in for the
 * embedded HiveMQ broker, so the connection is real.
 */
@ExtendWith(EmbeddedHiveMq.class)
class MosquittoContainerConnectionDetailsFactoryTests {

	private final ApplicationContextRunner runner = MqttContexts.runner("tcp://127.0.0.1:1")
		.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
		.withPropertyValues("echo.topic=testcontainers/mosquitto");

	@Test
	void containerFieldOfTheMosquittoImageIsRecognisedByImageNameAndItsMappedPortIsUsed() {
		this.runner.withUserConfiguration(MosquittoContainerField.class, EchoListener.class).run((context) -> {
			assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
				.containsExactly("tcp://127.0.0.1:" + EmbeddedHiveMq.port());
			EchoListener.assertRoundTrip(context, "through the Mosquitto container's details");
		});
	}

	@Test
	void containerBeanIsRecognisedByTheServiceConnectionName() {
		this.runner.withUserConfiguration(MosquittoContainerBean.class, EchoListener.class).run((context) -> {
			assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
				.containsExactly("tcp://127.0.0.1:" + EmbeddedHiveMq.port());
			EchoListener.assertRoundTrip(context, "through the named container's details");
		});
	}

	@Test
	void containerOfAnotherImageIsNotTakenForAnMqttBroker() {
		this.runner.withUserConfiguration(RedisContainerField.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ConnectionDetailsNotFoundException.class)
				.hasMessageContaining("RedisContainerField.redis"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportTestcontainers
	static class MosquittoContainerField {

		@ServiceConnection
		static GenericContainer<?> mosquitto = StandInContainers.generic("eclipse-mosquitto:2.0.20");

	}

	@Configuration(proxyBeanMethods = false)
	static class MosquittoContainerBean {

		// A bean method's image name is not known before the bean is created: name it
		@Bean
		@ServiceConnection(name = "eclipse-mosquitto")
		GenericContainer<?> mosquitto() {
			return StandInContainers.generic("eclipse-mosquitto:2.0.20");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportTestcontainers
	static class RedisContainerField {

		@ServiceConnection
		static GenericContainer<?> redis = StandInContainers.generic("redis:7.4");

	}

}
