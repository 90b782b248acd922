package io.mqttspring.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mqttspring.connection.MqttSubscriptionRefusedEvent;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.AckMode;
import io.mqttspring.listener.MqttAcknowledgment;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.security.TlsTestMaterial;
import io.mqttspring.testsupport.DynamicSecurity;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.MqttProtocol;
import io.mqttspring.testsupport.RecordedEvents;
import io.mqttspring.testsupport.TcpProxy;
import io.mqttspring.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What MQTT 3.1.1 does the same as MQTT 5 beyond the conformance scenarios (TLS, mutual
 * TLS, WebSockets, credentials, refused subscriptions, shared subscriptions, manual
 * acknowledgement of QoS 2), and what it cannot do, refused with a message naming the
 * feature and the protocol.
 */
@ExtendWith(OutputCaptureExtension.class)
class Mqtt311FeaturesTests {

	private static final String PASSWORD = "Mqtt311-Secret-9";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker()
		.withDynamicSecurity(new DynamicSecurity().anonymous("publishClientSend #", "subscribePattern #")
			.user("app", PASSWORD, "publishClientSend app/#", "subscribePattern app/#"))
		.withPersistence();

	// Without access rules: a certificate's identity is a user of its own
	@RegisterExtension
	static final MosquittoBroker secured = TlsTestMaterial.withServerFiles(new MosquittoBroker())
		.withListener("mtls", "cafile ca.pem", "certfile server.pem", "keyfile server-key.pem",
				"require_certificate true", "use_identity_as_username true")
		.withWebSocketListener("ws")
		.withPasswords("app", PASSWORD);

	@TempDir
	static Path files;

	private static ApplicationContextRunner runner(String uri) {
		return MqttContexts.runner(uri).withPropertyValues("mqtt.protocol-version=3.1.1");
	}

	@Test
	void mutualTlsFromASslBundleConnectsWithMqtt311() {
		TestCertificates.Issued client = TlsTestMaterial.CA.client("device-311");
		client.writePem(files.resolve("device.pem"), files.resolve("device-key.pem"));
		runner(secured.uri("ssl", "mtls")).withUserConfiguration(EchoListener.class)
			.withPropertyValues(TlsTestMaterial.pemTrust("device", TlsTestMaterial.CA, files))
			.withPropertyValues("spring.ssl.bundle.pem.device.keystore.certificate=file:" + files.resolve("device.pem"),
					"spring.ssl.bundle.pem.device.keystore.private-key=file:" + files.resolve("device-key.pem"),
					"mqtt.client-id=mtls-311")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "over mutual TLS with MQTT 3.1.1");
				// Mosquitto logs MQTT 3.1.1 as p2 (and MQTT 5 as p5)
				assertThat(secured.log()).contains("as mtls-311 (p2, c1, k60, u'device-311')");
			});
	}

	@Test
	void webSocketsAndCredentialsWorkWithMqtt311(CapturedOutput output) {
		runner(secured.uri("ws", "ws")).withUserConfiguration(EchoListener.class)
			.withPropertyValues("mqtt.username=app", "mqtt.password=" + PASSWORD, "echo.topic=app/echo",
					"mqtt.client-id=ws-311")
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "over WebSockets with MQTT 3.1.1");
				assertThat(secured.log()).contains("as ws-311 (p2, c1, k60, u'app')");
			});
		assertThat(output).doesNotContain(PASSWORD);
	}

	@Test
	void wrongCredentialsAreRefusedWithTheReturnCodeNamed() {
		runner(mosquitto.uri()).withPropertyValues("mqtt.username=app", "mqtt.password=wrong").run((context) -> {
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> client.getLastDisconnectReason() != null);
			assertThat(client.getLastDisconnectReason()).isIn("return code 5 (not authorized)",
					"return code 4 (bad user name or password)");
		});
	}

	@Test
	void aSubscriptionTheBrokerRefusesIsLoggedAndPublishedAsAnEventWhileOthersReceive(CapturedOutput output) {
		runner(mosquitto.uri()).withUserConfiguration(EchoListener.class, SecretListener.class)
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.username=app", "mqtt.password=" + PASSWORD, "echo.topic=app/echo")
			.run((context) -> {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> output.getAll().contains("refused the subscription to 'secret/#'"));
				assertThat(output).contains("refused the subscription to 'secret/#' with reason code 0x80 "
						+ "(Unspecified error): its listeners receive nothing from it");
				MqttSubscriptionRefusedEvent event = context.getBean(RecordedEvents.class)
					.ofType(MqttSubscriptionRefusedEvent.class)
					.get(0);
				assertThat(event.getTopicFilter()).isEqualTo("secret/#");
				assertThat(event.getReasonCode()).isEqualTo(0x80);
				EchoListener.assertRoundTrip(context, "the other listener receives");
			});
	}

	@Test
	void aSharedSubscriptionSplitsTheMessagesBetweenTwoApplicationsEachOnce() {
		ApplicationContextRunner member = runner(mosquitto.uri()).withUserConfiguration(GroupMember.class);
		member.run((first) -> member.run((second) -> {
			MqttContexts.awaitSubscribed(first, "$share/workers/jobs/+");
			MqttContexts.awaitSubscribed(second, "$share/workers/jobs/+");
			for (int i = 0; i < 40; i++) {
				MosquittoClients.publish(mosquitto.port(), MqttProtocol.MQTT_3_1_1, "jobs/" + i, "job-" + i, 1);
			}
			Set<String> one = first.getBean(GroupMember.class).jobs;
			Set<String> other = second.getBean(GroupMember.class).jobs;
			await().atMost(Duration.ofSeconds(20)).until(() -> one.size() + other.size() == 40);
			assertThat(one).isNotEmpty().doesNotContainAnyElementsOf(other);
			assertThat(other).isNotEmpty();
		}));
	}

	@Test
	void manualAcknowledgementOfQos2CompletesTheDeliveryOnlyWhenGivenAndAWithheldOneComesAgain() {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			runner(proxy.uri())
				.withPropertyValues("mqtt.client-id=manual-qos2-311", "mqtt.clean-start=false")
				.withUserConfiguration(ManualQos2.class)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "manual/qos2");
					ManualQos2 listener = context.getBean(ManualQos2.class);
					MosquittoClients.publish(mosquitto.port(), MqttProtocol.MQTT_3_1_1, "manual/qos2", "held", 2);
					assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("held");
					Thread.sleep(500);
					assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBCOMP))
						.as("PUBCOMP waits for the acknowledgment").isZero();
					proxy.cut();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> !context.getBean(SharedMqttClient.class).isConnected());
					proxy.restore();
					assertThat(listener.received.poll(30, TimeUnit.SECONDS)).isEqualTo("held");
					await().atMost(Duration.ofSeconds(10))
						.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBCOMP) == 1);
				});
		}
	}

	@Test
	void requestReplyFailsOnTheCallNamingTheProtocol() {
		runner(mosquitto.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			assertThat(template.request("services/time", "now?", String.class, Duration.ofSeconds(1)))
				.failsWithin(Duration.ZERO)
				.withThrowableThat()
				.withMessageContaining("Could not send a request to 'services/time': request/reply needs MQTT 5")
				.withMessageContaining("the connection speaks MQTT 3.1.1 (mqtt.protocol-version=3.1.1)");
		});
	}

	@Test
	void mqtt5PropertiesAndUserPropertyHeadersFailOnTheCallNamingThemAndTheProtocol() {
		runner(mosquitto.uri()).run((context) -> {
			MqttContexts.awaitConnected(context);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			assertThat(template.publish("app/x", "y", (options) -> options.contentType("text/plain").userProperty("a", "b")))
				.failsWithin(Duration.ZERO)
				.withThrowableThat()
				.withMessageContaining("MQTT 5 properties [content type, user property 'a'] cannot be sent over "
						+ "MQTT 3.1.1, which this connection speaks (mqtt.protocol-version=3.1.1)");
			assertThat(template.send(MessageBuilder.withPayload("y")
				.setHeader(MqttHeaders.TOPIC, "app/x")
				.setHeader("tenant", "acme")
				.build()))
				.failsWithin(Duration.ZERO)
				.withThrowableThat()
				.withMessageContaining("headers that map to MQTT 5 properties [user property 'tenant'] cannot be sent");
			assertThat(template.publish("app/x", "plain")).succeedsWithin(Duration.ofSeconds(10));
		});
	}

	@Test
	void aBareSendToFailsTheStartUpNamingTheListenerAndTheProtocol() {
		runner(mosquitto.uri()).withUserConfiguration(BareReply.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("has @SendTo without a topic, which replies to the request's response topic")
				.hasMessageContaining("the connection speaks MQTT 3.1.1 (mqtt.protocol-version=3.1.1)");
		});
	}

	@Test
	void mqtt5OnlySettingsFailTheStartUpNamingThePropertyAndWhatIsAllowed() {
		runner(mosquitto.uri()).withPropertyValues("mqtt.session-expiry=1h").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Property mqtt.session-expiry with value 'PT1H' is invalid")
				.hasMessageContaining("MQTT 3.1.1 (mqtt.protocol-version=3.1.1) does not have");
		});
		runner(mosquitto.uri()).withPropertyValues("mqtt.will.topic=w", "mqtt.will.content-type=text/plain")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Property mqtt.will.content-type with value 'text/plain' is invalid")
					.hasMessageContaining("It is an MQTT 5 property, which MQTT 3.1.1");
			});
		MqttContexts.runner(mosquitto.uri()).withPropertyValues("mqtt.protocol-version=4").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Property mqtt.protocol-version with value '4' is invalid")
				.hasMessageContaining("Use 5 (the default), 3.1.1 or 3.1");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class SecretListener {

		@MqttListener(topics = "secret/#")
		void onSecret(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GroupMember {

		final Set<String> jobs = Collections.synchronizedSet(new HashSet<>());

		@MqttListener(topics = "jobs/+", group = "workers")
		void onJob(String job) {
			this.jobs.add(job);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualQos2 {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final AtomicBoolean withheld = new AtomicBoolean();

		@MqttListener(topics = "manual/qos2", qos = 2, ackMode = AckMode.MANUAL)
		void onMessage(String payload, MqttAcknowledgment acknowledgment) {
			this.received.add(payload);
			if (!this.withheld.compareAndSet(false, true)) {
				acknowledgment.acknowledge();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BareReply {

		@MqttListener(topics = "services/time")
		@SendTo
		String now(String request) {
			return "12:00";
		}

	}

}
