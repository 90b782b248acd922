package io.mqttspring.connection.transport.pahov5;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Sends the acknowledgement that Paho holds back in manual-ack mode, working around Paho
 * 1.2.5's handling of QoS 2.
 * <p>
 * For QoS 1, {@code messageArrivedComplete} sends the PUBACK that Paho held back. For QoS
 * 2, Paho answers PUBLISH with PUBREC and PUBREL with PUBCOMP by itself even in
 * manual-ack mode, yet {@code messageArrivedComplete(id, 2)} sends another PUBCOMP: a
 * protocol error for which brokers drop the connection. So QoS 2 messages are left to
 * Paho; the broker considers them delivered as soon as PUBREC went out.
 */
final class PahoV5ManualAcks {

	private PahoV5ManualAcks() {
	}

	static void acknowledge(MqttAsyncClient client, MqttMessage message) throws MqttException {
		if (message.getQos() == 1) {
			client.messageArrivedComplete(message.getId(), 1);
		}
	}

}
