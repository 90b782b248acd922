package io.mqttspring.resilience;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failing over to the next broker, and the last will on an abrupt connection loss.
 */
class FailoverAndWillTests {

	@RegisterExtension
	static final MosquittoBroker primary = new MosquittoBroker();

	@RegisterExtension
	static final MosquittoBroker secondary = new MosquittoBroker();

	@Test
	void whenFirstBrokerIsKilledClientFailsOverToSecondAndListenerReceivesThere() {
		MqttContexts.runner(primary.uri() + "," + secondary.uri())
			.withUserConfiguration(FailoverListener.class)
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				MqttContexts.awaitSubscribed(context, "failover/events");
				assertThat(client.getStatus().serverUri()).isEqualTo(primary.uri());

				primary.kill();
				try {
					await().atMost(Duration.ofSeconds(15))
						.until(() -> client.isConnected() && secondary.uri().equals(client.getCurrentServerUri()));
					MqttContexts.awaitSubscribed(context, "failover/events");
					MosquittoClients.publish(secondary.port(), "failover/events", "on-secondary", 1);
					assertThat(context.getBean(FailoverListener.class).received.poll(10, TimeUnit.SECONDS))
						.isEqualTo("on-secondary");
					assertThat(client.getStatus().serverUri()).isEqualTo(secondary.uri());
				}
				finally {
					primary.start();
				}
			});
	}

	@Test
	void willWithPropertiesIsPublishedWhenConnectionIsCutAbruptly() {
		try (TcpProxy proxy = new TcpProxy(primary.port())) {
			MqttContexts.runner(proxy.uri())
				.withPropertyValues("mqtt.will.topic=will/status", "mqtt.will.payload=offline", "mqtt.will.qos=1",
						"mqtt.will.content-type=text/plain", "mqtt.will.user-properties.reason=abrupt")
				.run((context) -> {
					SharedMqttClient client = context.getBean(SharedMqttClient.class);
					await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
					MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(primary.port(), "will/status",
							1, 10, "%t|%p|%C|%P");
					primary.awaitSubscription("will/status");
					proxy.cut();
					assertThat(subscriber.awaitLines()).containsExactly("will/status|offline|text/plain|reason:abrupt");
				});
		}
	}

	@Test
	void willIsNotPublishedOnGracefulShutdown() {
		AtomicReference<MosquittoClients.Subscriber> subscriber = new AtomicReference<>();
		MqttContexts.runner(primary.uri())
			.withPropertyValues("mqtt.will.topic=will/graceful", "mqtt.will.payload=offline")
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(SharedMqttClient.class).isConnected());
				subscriber.set(MosquittoClients.subscribe(primary.port(), "will/graceful", 1, 3));
				primary.awaitSubscription("will/graceful");
			});
		// The context closed while the subscriber listened
		assertThat(subscriber.get().awaitLines()).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailoverListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "failover/events")
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

}
