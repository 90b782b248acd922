package io.mqttspring.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * An MQTT 5 connection with the Eclipse Paho MQTTv5 client.
 */
class Mqttv5TestConnection implements MqttTestConnection {

	private final MqttAsyncClient client;

	private final long timeoutMillis;

	Mqttv5TestConnection(String serverUri, String clientId, Duration timeout, Consumer<ReceivedMessage> messages,
			Consumer<String> connectionLost) {
		this.timeoutMillis = timeout.toMillis();
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setCleanStart(true);
		options.setAutomaticReconnect(false);
		options.setConnectionTimeout((int) timeout.toSeconds());
		try {
			this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Could not create an MQTT client for " + serverUri + ": " + ex, ex);
		}
		this.client.setCallback(new Callback(messages, connectionLost));
		try {
			this.client.connect(options).waitForCompletion(this.timeoutMillis);
		}
		catch (MqttException ex) {
			forceClose();
			throw new IllegalStateException("Could not connect to the MQTT broker at " + serverUri + ": " + ex, ex);
		}
	}

	@Override
	public void publish(String topic, byte[] payload, int qos, boolean retained) {
		try {
			IMqttToken token = this.client.publish(topic, payload, qos, retained);
			token.waitForCompletion(this.timeoutMillis);
			checkReasonCodes(token, "Publish to '" + topic + "'");
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Could not publish to '" + topic + "': " + ex, ex);
		}
	}

	@Override
	public void subscribe(String topicFilter) {
		try {
			IMqttToken token = this.client.subscribe(topicFilter, 2);
			token.waitForCompletion(this.timeoutMillis);
			checkReasonCodes(token, "Subscription to '" + topicFilter + "'");
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Could not subscribe to '" + topicFilter + "': " + ex, ex);
		}
	}

	private static void checkReasonCodes(IMqttToken token, String request) {
		int[] reasonCodes = token.getReasonCodes();
		// 0x80 and above are failures in PUBACK, PUBREC and SUBACK
		if (reasonCodes != null && reasonCodes.length > 0 && reasonCodes[0] >= 0x80) {
			throw new IllegalStateException(
					request + " refused by the broker with reason code 0x" + Integer.toHexString(reasonCodes[0]));
		}
	}

	@Override
	public void close() {
		try {
			if (this.client.isConnected()) {
				this.client.disconnect().waitForCompletion(this.timeoutMillis);
			}
		}
		catch (MqttException ex) {
			// Closing below frees the client either way
		}
		forceClose();
	}

	private void forceClose() {
		try {
			this.client.close(true);
		}
		catch (MqttException ex) {
			// Nothing left to free
		}
	}

	private record Callback(Consumer<ReceivedMessage> messages, Consumer<String> connectionLost)
			implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			Map<String, String> userProperties = new LinkedHashMap<>();
			MqttProperties properties = message.getProperties();
			if (properties != null) {
				for (UserProperty property : properties.getUserProperties()) {
					userProperties.put(property.getKey(), property.getValue());
				}
			}
			this.messages.accept(new ReceivedMessage(topic, message.getPayload(), message.getQos(),
					message.isRetained(), userProperties));
		}

		@Override
		public void disconnected(MqttDisconnectResponse response) {
			this.connectionLost.accept(String.valueOf(response));
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
			this.connectionLost.accept(String.valueOf(exception));
		}

		@Override
		public void deliveryComplete(IMqttToken token) {
		}

		@Override
		public void connectComplete(boolean reconnect, String serverUri) {
		}

		@Override
		public void authPacketArrived(int reasonCode, MqttProperties properties) {
		}

	}

}
