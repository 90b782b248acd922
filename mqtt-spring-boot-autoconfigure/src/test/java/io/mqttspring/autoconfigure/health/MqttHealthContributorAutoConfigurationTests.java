package io.mqttspring.autoconfigure.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.autoconfigure.metrics.MqttClientMetrics;
import io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import io.mqttspring.connection.ServerUris;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the health contributor and the meters are configured, and that the application
 * starts without actuator or Micrometer.
 */
class MqttHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
				MqttListenerAutoConfiguration.class, MqttHealthContributorAutoConfiguration.class,
				MqttMetricsAutoConfiguration.class))
		.withPropertyValues("mqtt.server-uris=tcp://user:secret@127.0.0.1:1", "mqtt.embedded.enabled=false");

	@Test
	void healthIndicatorReportsDownWithDetailsWhileNotConnectedAndNeverShowsUserInfo() {
		this.runner.run((context) -> {
			Health health = context.getBean("mqttHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("serverUri", "tcp://127.0.0.1:1")
				.containsKeys("state", "clientId", "reconnects", "sessionPresent");
			assertThat(health.toString()).doesNotContain("secret");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.mqtt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MqttHealthIndicator.class));
	}

	@Test
	void userDefinedMqttHealthIndicatorWins() {
		HealthIndicator own = () -> Health.up().build();
		this.runner.withBean("mqttHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context.getBean("mqttHealthIndicator")).isSameAs(own));
	}

	@Test
	void startsWithoutActuatorHealthOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MqttHealthIndicator.class)
				.hasSingleBean(SharedMqttClient.class));
	}

	@Test
	void bindsConnectionMetersWhenMeterRegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(MqttClientMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(MqttClientMetrics.class).bindTo(registry);
			assertThat(registry.get("mqtt.client.connected").gauge().value()).isZero();
			assertThat(registry.get("mqtt.client.reconnects").functionCounter().count()).isZero();
			assertThat(registry.get("mqtt.client.connection.lost").functionCounter().count()).isZero();
			assertThat(registry.get("mqtt.publish.inflight").gauge().value()).isZero();
		});
	}

	@Test
	void startsWithoutMicrometerOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MqttClientMetrics.class)
				.hasSingleBean(MqttTemplate.class));
	}

	@Test
	void userInfoIsRemovedFromServerUris() {
		assertThat(ServerUris.withoutUserInfo("ssl://app:pw@broker:8883")).isEqualTo("ssl://broker:8883");
		assertThat(ServerUris.withoutUserInfo("tcp://broker:1883")).isEqualTo("tcp://broker:1883");
		assertThat(ServerUris.withoutUserInfo("wss://u:p@broker:443/mqtt")).isEqualTo("wss://broker:443/mqtt");
	}

}
