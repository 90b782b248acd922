package io.mqttspring;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttPublishException;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The template and listeners against a Mosquitto process, with Mosquitto's own command
 * line clients as the outside world.
 */
class TemplateAndListenerMosquittoTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withAcl("topic readwrite mosquitto/#");

	@Test
	void messageFromMosquittoPubReachesListener() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(TelemetryListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "mosquitto/+/telemetry");
			MosquittoClients.publish(mosquitto.port(), "mosquitto/dev-7/telemetry",
					"{\"deviceId\":\"dev-7\",\"celsius\":19.25}", 1);
			TelemetryListener listener = context.getBean(TelemetryListener.class);
			assertThat(listener.readings.poll(10, TimeUnit.SECONDS)).isEqualTo(new Reading("dev-7", 19.25));
			assertThat(listener.topics.poll()).isEqualTo("mosquitto/dev-7/telemetry");
		});
	}

	@Test
	void templatePublishIsSeenByMosquittoSub() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			await(context);
			MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(mosquitto.port(), "mosquitto/out/#", 2,
					10);
			mosquitto.awaitSubscription("mosquitto/out/#");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("mosquitto/out/a", "hello").get(10, TimeUnit.SECONDS);
			template.publish("mosquitto/out/b", new Reading("b", 2.5), 2, false).get(10, TimeUnit.SECONDS);
			assertThat(subscriber.awaitLines()).containsExactly("mosquitto/out/a hello",
					"mosquitto/out/b {\"deviceId\":\"b\",\"celsius\":2.5}");
		});
	}

	@Test
	void qos2MessagesAreAllReceivedWithoutLosingTheConnection() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Qos2Listener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "mosquitto/qos2");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			for (int batch = 0; batch < 5; batch++) {
				int first = batch * 10;
				List<CompletableFuture<MqttPublishResult>> futures = IntStream.range(first, first + 10)
					.mapToObj((i) -> template.publish("mosquitto/qos2", String.valueOf(i), 2, false))
					.toList();
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
			}
			Qos2Listener listener = context.getBean(Qos2Listener.class);
			for (int i = 0; i < 50; i++) {
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo(String.valueOf(i));
			}
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTED);
			assertThat(client.getLastDisconnectReason()).isNull();
		});
	}

	@Test
	void publishRefusedByBrokerAclFailsWithReasonCodeAndConnectionKeepsWorking() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(TelemetryListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "mosquitto/+/telemetry");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			CompletableFuture<MqttPublishResult> forbidden = template.publish("forbidden/telemetry", "x", 1, false);
			assertThatThrownBy(() -> forbidden.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(MqttPublishException.class)
				.hasMessage("Publish to 'forbidden/telemetry' refused: broker answered with reason code "
						+ "0x87 (Not authorized)")
				.satisfies((ex) -> assertThat(((MqttPublishException) ex).getReasonCode()).isEqualTo(0x87));
			template.publish("mosquitto/ok/telemetry", new Reading("ok", 3.0)).get(10, TimeUnit.SECONDS);
			assertThat(context.getBean(TelemetryListener.class).readings.poll(10, TimeUnit.SECONDS))
				.isEqualTo(new Reading("ok", 3.0));
			assertThat(context.getBean(SharedMqttClient.class).getLastDisconnectReason()).isNull();
		});
	}

	private static void await(org.springframework.context.ApplicationContext context) {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> context.getBean(SharedMqttClient.class).isConnected());
	}

	@Configuration(proxyBeanMethods = false)
	static class TelemetryListener {

		final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();

		final BlockingQueue<String> topics = new LinkedBlockingQueue<>();

		@MqttListener(id = "telemetry", topics = "mosquitto/+/telemetry")
		void onTelemetry(Reading reading, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.topics.add(topic);
			this.readings.add(reading);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Qos2Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(id = "qos2", topics = "mosquitto/qos2", qos = 2)
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

}
