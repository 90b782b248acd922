package io.mqttspring.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.TransportListener;
import io.mqttspring.connection.transport.TransportSettings;
import io.mqttspring.connection.transport.hivemq.HiveMqTransportFactory;
import io.mqttspring.connection.transport.pahov5.PahoV5TransportFactory;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long each transport takes to connect, and how long the application takes from a
 * restarted broker accepting connections to a message delivered again. The figures are
 * printed for the record (speed is measured in benchmarks/, never asserted); what is
 * asserted is that every connect and the delivery after the restart succeed.
 */
class ReconnectTimesTests {

	private static final int CONNECTS = 11;

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void connectTimesOfTheTransport(String transport) throws Exception {
		TransportSettings settings = new TransportSettings("connect-times-" + transport, List.of(mosquitto.uri()),
				MqttProtocolVersion.MQTT_5, true, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), null,
				null, true, Map.of(), 100, 100);
		long[] millis = new long[CONNECTS];
		try (MqttTransport client = "hivemq".equals(transport) ? new HiveMqTransportFactory().create(settings)
				: new PahoV5TransportFactory((options) -> {
				}).create(settings)) {
			client.setListener(new IgnoringListener());
			for (int i = 0; i < CONNECTS; i++) {
				long start = System.nanoTime();
				client.connect(new ConnectRequest(mosquitto.uri(), null, null)).get(10, TimeUnit.SECONDS);
				millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(client.isConnected()).isTrue();
				client.disconnect(Duration.ofSeconds(5));
			}
		}
		long[] again = Arrays.copyOfRange(millis, 1, CONNECTS);
		Arrays.sort(again);
		System.out.println("CONNECT transport=" + transport + " first=" + millis[0] + "ms then p50="
				+ again[again.length / 2] + "ms max=" + again[again.length - 1] + "ms over " + again.length);
	}

	@ParameterizedTest
	@ValueSource(strings = { "paho", "hivemq" })
	void timeFromARestartedBrokerAcceptingConnectionsToTheNextDelivery(String transport) {
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.transport=" + transport, "mqtt.reconnect.min-delay=50ms",
					"mqtt.reconnect.max-delay=200ms")
			.withUserConfiguration(Receiver.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "reconnect/in");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				List<Long> millis = new ArrayList<>();
				for (int round = 0; round < 2; round++) {
					mosquitto.kill();
					await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
					Thread.sleep(500);
					mosquitto.start();
					long accepting = System.nanoTime();
					MqttContexts.awaitSubscribed(context, "reconnect/in");
					millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepting));
					MosquittoClients.publish(mosquitto.port(), "reconnect/in", "back-" + round, 1);
					assertThat(context.getBean(Receiver.class).received.poll(10, TimeUnit.SECONDS))
						.isEqualTo("back-" + round);
				}
				System.out.println("RECONNECT transport=" + transport + " broker accepting -> subscribed again: "
						+ millis + " ms (reconnect delays 50-200 ms)");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Receiver {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "reconnect/in")
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

	private static final class IgnoringListener implements TransportListener {

		@Override
		public void messageArrived(InboundPublish message) {
		}

		@Override
		public void connectionLost(MqttTransportException cause) {
		}

	}

}
