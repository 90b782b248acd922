package io.mqttspring;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishException;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An application starting while its broker is down.
 */
class BrokerDownAtStartupTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().notStarted();

	@AfterEach
	void stopBroker() {
		mosquitto.stop();
	}

	@Test
	void contextStartsWhileBrokerIsDownAndListenerReceivesOnceBrokerAppears() {
		long startedAt = System.nanoTime();
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(StatusListener.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTING);
			assertThat(client.isConnected()).isFalse();

			mosquitto.start();
			MqttContexts.awaitSubscribed(context, "down/status");
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTED);
			MosquittoClients.publish(mosquitto.port(), "down/status", "back", 1);
			assertThat(context.getBean(StatusListener.class).received.poll(10, TimeUnit.SECONDS)).isEqualTo("back");
		});
	}

	@Test
	void publishWhileBrokerIsDownWaitsAndFailsAfterThePublishTimeoutNamingTheConnectionFailure() {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.template.publish-timeout=1s").run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> client.getLastDisconnectReason() != null);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			assertThatThrownBy(() -> template.publish("down/status", "lost?").get(5, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(MqttPublishException.class)
				.hasMessageStartingWith("Publish to 'down/status' was not acknowledged within 1000 ms (it waited "
						+ "in the outbound buffer for the connection: client '")
				.hasMessageContaining(" is CONNECTING (last failure: ")
				.hasMessageContaining("Connection refused");
			assertThat(client.getBufferedPublishes()).isZero();
		});
	}

	@Test
	void publishWhileBrokerIsDownIsSentOnceTheBrokerAppears() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(StatusListener.class).run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> client.getLastDisconnectReason() != null);
			CompletableFuture<MqttPublishResult> waiting = context.getBean(MqttTemplate.class)
				.publish("down/status", "sent when back");
			assertThat(client.getBufferedPublishes()).isOne();
			mosquitto.start();
			assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
			assertThat(context.getBean(StatusListener.class).received.poll(10, TimeUnit.SECONDS))
				.isEqualTo("sent when back");
		});
	}

	@Test
	void failFastRefusesStartupWhenBrokerIsDown() {
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(java.net.ConnectException.class)
				.rootCause()
				.hasMessageContaining("Connection refused");
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Could not connect to MQTT broker [" + mosquitto.uri() + "]")
				.hasStackTraceContaining("fail-fast is enabled");
		});
	}

	@Test
	void failFastStartsNormallyWhenBrokerIsUp() {
		mosquitto.start();
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.fail-fast=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SharedMqttClient.class).isConnected()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class StatusListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "down/status")
		void onStatus(String status) {
			this.received.add(status);
		}

	}

}
