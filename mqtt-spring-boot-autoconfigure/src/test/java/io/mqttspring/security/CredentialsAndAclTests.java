package io.mqttspring.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
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
import io.mqttspring.testsupport.DynamicSecurity;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * User name and password, and access rules that refuse some subscriptions and publishes
 * of an authenticated user (Mosquitto's dynamic security plugin: its {@code acl_file}
 * never refuses a subscription). The password never shows in the output, whatever
 * happens. Mosquitto answers a wrong password with CONNACK 0x87 (not authorized).
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsAndAclTests {

	private static final String PASSWORD = "Correct-Horse-7Qx";

	private static final String WRONG_PASSWORD = "Wrong-Battery-4Zk";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withDynamicSecurity(new DynamicSecurity()
		// The command line clients
		.anonymous("publishClientSend app/#", "subscribePattern app/#")
		.user("app", PASSWORD, "publishClientSend app/#", "subscribePattern app/#", "subscribePattern status/#"));

	@Test
	void correctPasswordConnectsAndItsClearTextUseIsWarnedAboutOnlyOnceAcrossReconnects(CapturedOutput output) {
		runner(PASSWORD).withUserConfiguration(EchoListener.class)
			.withPropertyValues("echo.topic=app/echo")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "authenticated");
				mosquitto.stop();
				mosquitto.start();
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> client.getStatus().reconnects() == 1);
				EchoListener.assertRoundTrip(context, "authenticated again");
				assertThat(countOccurrences(output.getAll(),
						"The MQTT password is sent unencrypted to [" + mosquitto.uri() + "]"))
					.isOne();
				assertThat(output).doesNotContain(PASSWORD);
			});
	}

	@Test
	void wrongPasswordIsReportedWithTheBrokersReasonCodeAndRetriedWhileTheApplicationRuns(CapturedOutput output) {
		runner(WRONG_PASSWORD).run((context) -> {
			RecordedEvents events = context.getBean(RecordedEvents.class);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> events.ofType(MqttConnectionFailedEvent.class).size() >= 3);
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(context).hasNotFailed();
			assertThat(client.isRunning()).isTrue();
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTING);
			assertThat(client.getLastDisconnectReason()).isEqualTo("reason code 0x87 (Not authorized)");
			assertThat(output.getAll().lines()
				.filter((line) -> line.contains("Could not connect to MQTT broker [" + mosquitto.uri()
						+ "] as 'credentials-test': reason code 0x87 (Not authorized); next attempt in ")))
				.hasSizeGreaterThanOrEqualTo(3)
				.allMatch((line) -> line.contains("ERROR"));

			// Given up after mqtt.template.publish-timeout (10s), naming the refusal
			CompletableFuture<MqttPublishResult> publish = context.getBean(MqttTemplate.class).publish("app/x", "x");
			assertThatThrownBy(() -> publish.get(20, TimeUnit.SECONDS)).cause()
				.isInstanceOf(MqttPublishException.class)
				.hasMessageContaining("reason code 0x87 (Not authorized)")
				.satisfies((ex) -> assertThat(ex.toString()).doesNotContain(WRONG_PASSWORD));
			assertThat(output).doesNotContain(WRONG_PASSWORD);
		});
	}

	@Test
	void failFastRefusesToStartWithAWrongPasswordNamingBrokerAndReasonCode() {
		runner(WRONG_PASSWORD).withPropertyValues("mqtt.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Could not connect to MQTT broker [" + mosquitto.uri()
						+ "] as 'credentials-test' and fail-fast is enabled: reason code 0x87 (Not authorized)")
				.satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain(WRONG_PASSWORD));
		});
	}

	@Test
	void subscriptionRefusedByTheAclLeavesThatListenerUnsubscribedWhileOthersReceive(CapturedOutput output) {
		runner(PASSWORD).withUserConfiguration(TwoListeners.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "app/in", "status/#");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getAll().contains("refused the subscription to 'secret/#'"));
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.isSubscribed("secret/#")).isFalse();
			List<String> refusals = output.getAll()
				.lines()
				.filter((line) -> line.contains("refused the subscription"))
				.toList();
			assertThat(refusals).singleElement()
				.asString()
				.contains("ERROR")
				.contains("MQTT broker " + mosquitto.uri() + " refused the subscription to 'secret/#' with reason code "
						+ "0x87 (Not authorized): its listeners receive nothing from it");

			MosquittoClients.publish(mosquitto.port(), "app/in", "still flowing", 1);
			TwoListeners listeners = context.getBean(TwoListeners.class);
			assertThat(listeners.allowed.poll(10, TimeUnit.SECONDS)).isEqualTo("still flowing");
			assertThat(listeners.forbidden).isEmpty();
			assertThat(client.isConnected()).isTrue();
			assertThat(client.isSubscribed("app/in")).isTrue();
		});
	}

	@Test
	void publishRefusedByTheAclFailsWithReasonCode0x87AndTheConnectionStays() {
		runner(PASSWORD).withUserConfiguration(EchoListener.class)
			.withPropertyValues("echo.topic=app/echo")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "before");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				// The user may subscribe to status/# but not publish there
				CompletableFuture<MqttPublishResult> refused = template.publish("status/app", "up", 1, false);
				assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
					.cause()
					.isInstanceOf(MqttPublishException.class)
					.hasMessage("Publish to 'status/app' refused: broker answered with reason code "
							+ "0x87 (Not authorized)")
					.satisfies((ex) -> assertThat(((MqttPublishException) ex).getReasonCode()).isEqualTo(0x87));
				EchoListener.assertRoundTrip(context, "after");
			});
	}

	private static ApplicationContextRunner runner(String password) {
		return MqttContexts.runner(mosquitto.uri())
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.client-id=credentials-test", "mqtt.username=app", "mqtt.password=" + password);
	}

	private static int countOccurrences(String text, String fragment) {
		int count = 0;
		for (int index = text.indexOf(fragment); index >= 0; index = text.indexOf(fragment, index + 1)) {
			count++;
		}
		return count;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListeners {

		final BlockingQueue<String> allowed = new LinkedBlockingQueue<>();

		final BlockingQueue<String> forbidden = new LinkedBlockingQueue<>();

		final BlockingQueue<String> status = new LinkedBlockingQueue<>();

		@MqttListener(id = "allowed", topics = "app/in")
		void onAllowed(String payload) {
			this.allowed.add(payload);
		}

		@MqttListener(id = "forbidden", topics = "secret/#")
		void onForbidden(String payload) {
			this.forbidden.add(payload);
		}

		@MqttListener(id = "status", topics = "status/#")
		void onStatus(String payload) {
			this.status.add(payload);
		}

	}

}
