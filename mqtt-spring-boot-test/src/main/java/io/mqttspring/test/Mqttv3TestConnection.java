package io.mqttspring.test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.mqttspring.test.MqttTestClient.ReceivedMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An MQTT 3.1.1 connection with the Eclipse Paho MQTTv3 client.
 */
class Mqttv3TestConnection implements MqttTestConnection {

	// SUBACK return code of a refused subscription
	private static final int SUBSCRIPTION_FAILURE = 0x80;

	private final MqttAsyncClient client;

	private final long timeoutMillis;

	Mqttv3TestConnection(String serverUri, String clientId, Duration timeout, Consumer<ReceivedMessage> messages,
			Consumer<String> connectionLost) {
		this.timeoutMillis = timeout.toMillis();
		MqttConnectOptions options = new MqttConnectOptions();
		// Paho MQTTv3 would otherwise try 3.1.1 and fall back to 3.1 without saying so
		options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		options.setCleanSession(true);
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
			this.client.publish(topic, payload, qos, retained).waitForCompletion(this.timeoutMillis);
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
			int[] grantedQos = token.getGrantedQos();
			if (grantedQos != null && grantedQos.length > 0 && grantedQos[0] == SUBSCRIPTION_FAILURE) {
				throw new IllegalStateException("Subscription to '" + topicFilter + "' refused by the broker");
			}
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Could not subscribe to '" + topicFilter + "': " + ex, ex);
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
			this.messages.accept(
					new ReceivedMessage(topic, message.getPayload(), message.getQos(), message.isRetained(), Map.of()));
		}

		@Override
		public void connectionLost(Throwable cause) {
			this.connectionLost.accept(String.valueOf(cause));
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

}
