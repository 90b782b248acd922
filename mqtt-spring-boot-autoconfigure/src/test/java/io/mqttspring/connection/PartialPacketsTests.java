package io.mqttspring.connection;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.FragmentingProxy;
import io.mqttspring.testsupport.HalfPacketBroker;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Packets that arrive in parts, through the buffered input of the Paho transports: a
 * PUBLISH whose second half comes after Paho's 1 s read time-out is resumed, not lost nor
 * taken for a broken stream, whether it fits the read buffer or not; a broker that closes
 * the connection in the middle of a packet makes the client reconnect, and the half message
 * never reaches a listener.
 */
class PartialPacketsTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@RegisterExtension
	static final HalfPacketBroker halfPacketBroker = new HalfPacketBroker();

	@ParameterizedTest
	@ValueSource(strings = { "5", "3.1.1" })
	void publishSplitAcrossTheReadTimeOutArrivesWhole(String protocolVersion) {
		try (FragmentingProxy proxy = new FragmentingProxy(mosquitto.port(), Duration.ofMillis(1500))) {
			MqttContexts.runner(proxy.uri())
				.withUserConfiguration(FragmentListener.class)
				.withPropertyValues("mqtt.protocol-version=" + protocolVersion)
				.run((context) -> {
					MqttContexts.awaitSubscribed(context, "fragments");
					MqttTemplate template = context.getBean(MqttTemplate.class);
					// Smaller than the read buffer, and several times larger
					List<byte[]> payloads = List.of(payload(64, 'a'), payload(100_000, 'b'), payload(10, 'c'));
					for (byte[] payload : payloads) {
						template.publish("fragments", payload, 1, false).get(10, TimeUnit.SECONDS);
					}
					FragmentListener listener = context.getBean(FragmentListener.class);
					for (byte[] payload : payloads) {
						assertThat(listener.received.poll(15, TimeUnit.SECONDS)).isEqualTo(payload);
					}
					assertThat(proxy.splitPackets()).isGreaterThanOrEqualTo(payloads.size());
					assertThat(context.getBean(SharedMqttClient.class).getStatus().connectionLosses()).isZero();
				});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "5", "3.1.1" })
	void brokerClosingInTheMiddleOfAPacketMakesTheClientReconnectWithoutAHalfMessage(String protocolVersion) {
		MqttContexts.runner(halfPacketBroker.uri())
			.withUserConfiguration(HalvesListener.class)
			.withPropertyValues("mqtt.protocol-version=" + protocolVersion, "mqtt.client-id=halves-" + protocolVersion)
			.run((context) -> {
				HalvesListener listener = context.getBean(HalvesListener.class);
				assertThat(listener.received.poll(15, TimeUnit.SECONDS)).isEqualTo(HalfPacketBroker.COMPLETE);
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
				assertThat(client.getStatus().connectionLosses()).isEqualTo(1);
				assertThat(halfPacketBroker.connections("halves-" + protocolVersion)).isEqualTo(2);
				assertThat(listener.received.poll(500, TimeUnit.MILLISECONDS)).isNull();
			});
	}

	private static byte[] payload(int size, char fill) {
		byte[] payload = new byte[size];
		Arrays.fill(payload, (byte) fill);
		payload[size - 1] = '!';
		return payload;
	}

	@Configuration(proxyBeanMethods = false)
	static class FragmentListener {

		final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "fragments", qos = 1)
		void onMessage(byte[] payload) {
			this.received.add(payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HalvesListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "halves", qos = 0)
		void onMessage(String payload) {
			this.received.add(payload);
		}

	}

}
