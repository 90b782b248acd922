package io.mqttspring.connection;

import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

/**
 * Published when an established connection was lost. A failed connect attempt publishes
 * Spring Integration's plain {@link MqttConnectionFailedEvent}; this subclass marks the
 * loss of a working connection and carries the reason.
 */
public class MqttConnectionLostEvent extends MqttConnectionFailedEvent {

	private final String reason;

	public MqttConnectionLostEvent(Object source, String reason, Throwable cause) {
		super(source, cause);
		this.reason = reason;
	}

	/**
	 * Why the connection was lost.
	 * @return a description
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "MqttConnectionLostEvent [reason=" + this.reason + "]";
	}

}
