package io.mqttspring.benchmarks.starter;

import io.mqttspring.benchmarks.Inbox;
import io.mqttspring.benchmarks.Reading;
import io.mqttspring.listener.MqttListener;

/**
 * One {@link MqttListener} per {@link io.mqttspring.benchmarks.Family}; the topics are
 * those of {@code Family.filter(name)}, the implementation's name in {@code bench.name}.
 */
public class StarterListeners {

	private final Inbox inbox;

	public StarterListeners(Inbox inbox) {
		this.inbox = inbox;
	}

	@MqttListener(id = "qos0", topics = "bench/${bench.name}/qos0/#", qos = 0)
	public void qos0(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "qos1", topics = "bench/${bench.name}/qos1/#", qos = 1)
	public void qos1(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "qos2", topics = "bench/${bench.name}/qos2/#", qos = 2)
	public void qos2(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "work1", topics = "bench/${bench.name}/work1/#", qos = 1)
	public void work1(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "work8", topics = "bench/${bench.name}/work8/#", qos = 1, concurrency = "8")
	public void work8(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "many", topics = "bench/${bench.name}/many/0/+", qos = 1)
	public void many(byte[] payload) {
		this.inbox.received(payload);
	}

	@MqttListener(id = "json", topics = "bench/${bench.name}/json/#", qos = 1)
	public void json(Reading reading) {
		this.inbox.received(reading);
	}

}
