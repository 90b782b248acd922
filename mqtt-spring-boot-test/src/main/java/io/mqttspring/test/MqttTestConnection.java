package io.mqttspring.test;

/**
 * The connection of an {@link MqttTestClient}, one implementation per Paho client: each
 * call waits for the broker's answer and fails with an {@link IllegalStateException}.
 */
interface MqttTestConnection {

	void publish(String topic, byte[] payload, int qos, boolean retained);

	void subscribe(String topicFilter);

	void close();

}
