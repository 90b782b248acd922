package io.mqttspring.connection.transport.pahov5;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.MqttPacketRecorder;
import io.mqttspring.testsupport.TcpProxy;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paho 1.2.5's manual acknowledgement of QoS 2 messages, and how {@link PahoV5ManualAcks}
 * avoids it.
 */
class PahoV5ManualAcksTests {

	private static final int MESSAGES = 10;

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@Test
	void pahoManualAckOfQos2MessageSendsSecondPubcomp() throws Exception {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			AtomicInteger received = new AtomicInteger();
			MqttAsyncClient client = new MqttAsyncClient(proxy.uri(), "raw-paho-qos2", new MemoryPersistence());
			client.setManualAcks(true);
			client.setCallback(new CallbackAdapter() {

				@Override
				public void messageArrived(String topic, MqttMessage message) throws MqttException {
					received.incrementAndGet();
					client.messageArrivedComplete(message.getId(), message.getQos());
				}

			});
			try {
				client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
				client.subscribe("paho/qos2/raw", 2).waitForCompletion(10_000);
				for (int i = 0; i < MESSAGES; i++) {
					MosquittoClients.publish(mosquitto.port(), "paho/qos2/raw", "m" + i, 2);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > 0);
				Thread.sleep(500);
				// A client sends PUBCOMP only to answer the broker's PUBREL. Paho answers each
				// PUBREL itself and sends one more PUBCOMP for the manual ack: a protocol error,
				// for which Mosquitto sometimes drops the connection before the PUBREL
				int pubrels = proxy.brokerPackets().count(MqttPacketRecorder.PUBREL);
				int pubcomps = proxy.clientPackets().count(MqttPacketRecorder.PUBCOMP);
				System.out.println("Raw Paho with manual QoS 2 acks: " + received.get() + " received, " + pubrels
						+ " PUBREL from the broker, " + pubcomps + " PUBCOMP from the client");
				assertThat(pubcomps).isGreaterThan(pubrels);
			}
			finally {
				if (client.isConnected()) {
					client.disconnectForcibly(0, 0, false);
				}
				client.close(true);
			}
		}
	}

	@Test
	void sharedClientSendsOnePubcompPerQos2MessageAndOnePubackPerQos1Message() throws Exception {
		try (TcpProxy proxy = new TcpProxy(mosquitto.port())) {
			SharedMqttClient client = MqttContexts.pahoV5Client("shared-qos2", proxy.uri());
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			client.subscribe("paho/qos2/shared", 2, (delivery) -> {
				received.add(new String(delivery.getMessage().payload()));
				delivery.acknowledge();
			});
			client.subscribe("paho/qos1/shared", 1, (delivery) -> {
				received.add(new String(delivery.getMessage().payload()));
				delivery.acknowledge();
			});
			client.start();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.isSubscribed("paho/qos2/shared") && client.isSubscribed("paho/qos1/shared"));
				for (int i = 0; i < MESSAGES; i++) {
					MosquittoClients.publish(mosquitto.port(), "paho/qos2/shared", "two-" + i, 2);
					MosquittoClients.publish(mosquitto.port(), "paho/qos1/shared", "one-" + i, 1);
				}
				for (int i = 0; i < MESSAGES; i++) {
					assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("two-" + i);
					assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("one-" + i);
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> proxy.clientPackets().count(MqttPacketRecorder.PUBCOMP) >= MESSAGES
							&& proxy.clientPackets().count(MqttPacketRecorder.PUBACK) >= MESSAGES);
				Thread.sleep(300);
				assertThat(proxy.brokerPackets().count(MqttPacketRecorder.PUBREL)).isEqualTo(MESSAGES);
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBCOMP)).isEqualTo(MESSAGES);
				assertThat(proxy.clientPackets().count(MqttPacketRecorder.PUBACK)).isEqualTo(MESSAGES);
				assertThat(client.getLastDisconnectReason()).isNull();
				assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTED);
			}
			finally {
				client.stop();
				client.destroy();
			}
		}
	}

	private abstract static class CallbackAdapter implements MqttCallback {

		@Override
		public void disconnected(MqttDisconnectResponse response) {
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
		}

		@Override
		public void deliveryComplete(IMqttToken token) {
		}

		@Override
		public void connectComplete(boolean reconnect, String serverURI) {
		}

		@Override
		public void authPacketArrived(int reasonCode, MqttProperties properties) {
		}

	}

}
