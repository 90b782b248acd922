package io.mqttspring.connection;

import io.mqttspring.connection.transport.MqttReasonCodes;

import org.springframework.integration.mqtt.event.MqttIntegrationEvent;

/**
 * Published when the broker refused a subscription (SUBACK with a failure code: 0x80 and
 * above on MQTT 5, 0x80 on MQTT 3.1.1): the handlers of that filter receive nothing from
 * it until a reconnect subscribes it again.
 */
public class MqttSubscriptionRefusedEvent extends MqttIntegrationEvent {

	private final String topicFilter;

	private final int reasonCode;

	public MqttSubscriptionRefusedEvent(Object source, String topicFilter, int reasonCode) {
		super(source);
		this.topicFilter = topicFilter;
		this.reasonCode = reasonCode;
	}

	/**
	 * The refused filter.
	 * @return the topic filter
	 */
	public String getTopicFilter() {
		return this.topicFilter;
	}

	/**
	 * The broker's reason code.
	 * @return the reason code
	 */
	public int getReasonCode() {
		return this.reasonCode;
	}

	@Override
	public String toString() {
		return "MqttSubscriptionRefusedEvent [topicFilter=" + this.topicFilter + ", reasonCode="
				+ MqttReasonCodes.describe(this.reasonCode) + "]";
	}

}
