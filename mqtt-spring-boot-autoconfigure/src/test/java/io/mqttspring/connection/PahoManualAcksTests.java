package io.mqttspring.connection;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
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

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paho 1.2.5's manual acknowledgement of QoS 2 messages, and how {@link PahoManualAcks}
 * avoids it.
 */
class PahoManualAcksTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@Test
	void pahoManualAckOfQos2MessageSendsSecondPubcompAndBrokerDropsTheConnection() throws Exception {
		CountDownLatch disconnected = new CountDownLatch(1);
		MqttAsyncClient client = new MqttAsyncClient(mosquitto.uri(), "raw-paho-qos2", new MemoryPersistence());
		client.setManualAcks(true);
		client.setCallback(new CallbackAdapter() {

			@Override
			public void messageArrived(String topic, MqttMessage message) throws MqttException {
				client.messageArrivedComplete(message.getId(), message.getQos());
			}

			@Override
			public void disconnected(MqttDisconnectResponse response) {
				disconnected.countDown();
			}

		});
		try {
			client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
			client.subscribe("paho/qos2/raw", 2).waitForCompletion(10_000);
			// Whether the extra PUBCOMP overtakes Paho's PUBREC decides how Mosquitto reacts,
			// so a few messages are needed for the protocol error to show
			for (int i = 0; i < 30 && disconnected.getCount() > 0; i++) {
				MosquittoClients.publish(mosquitto.port(), "paho/qos2/raw", "m" + i, 2);
			}
			assertThat(disconnected.await(10, TimeUnit.SECONDS)).as("broker dropped the connection").isTrue();
			assertThat(mosquitto.log()).contains("Client raw-paho-qos2 disconnected due to protocol error");
		}
		finally {
			if (client.isConnected()) {
				client.disconnectForcibly(0, 0, false);
			}
			client.close(true);
		}
	}

	@Test
	void sharedClientReceivesQos2MessagesOnOneConnectionWithManualAcks() throws Exception {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { mosquitto.uri() });
		SharedMqttClient client = new SharedMqttClient("shared-qos2", options, new FixedBackOff(100), false);
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		client.subscribe("paho/qos2/shared", 2, (topic, message) -> received.add(new String(message.getPayload())));
		client.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> client.isSubscribed("paho/qos2/shared"));
			for (int i = 0; i < 30; i++) {
				MosquittoClients.publish(mosquitto.port(), "paho/qos2/shared", "m" + i, 2);
			}
			for (int i = 0; i < 30; i++) {
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
			}
			assertThat(client.getLastDisconnectReason()).isNull();
			assertThat(client.getState()).isEqualTo(MqttConnectionState.CONNECTED);
		}
		finally {
			client.stop();
			client.destroy();
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
