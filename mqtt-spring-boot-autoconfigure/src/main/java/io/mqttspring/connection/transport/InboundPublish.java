package io.mqttspring.connection.transport;

import java.util.Objects;

/**
 * A message received from the broker, as every transport hands it over.
 */
public final class InboundPublish {

	private final String topic;

	private final byte[] payload;

	private final int qos;

	private final boolean retained;

	private final boolean duplicate;

	private final int packetId;

	private final MqttPublishProperties properties;

	private final Object nativeMessage;

	/**
	 * Create a received message.
	 * @param topic the topic it was published to
	 * @param payload the payload bytes
	 * @param qos the QoS it was delivered at
	 * @param retained whether it is a retained message
	 * @param duplicate whether the broker sent it before (DUP flag)
	 * @param packetId its packet identifier (0 for QoS 0)
	 * @param properties its MQTT 5 properties, {@link MqttPublishProperties#NONE} on MQTT
	 * 3.1.1 and 3.1
	 * @param nativeMessage the client library's own message, which the transport needs to
	 * acknowledge it
	 */
	public InboundPublish(String topic, byte[] payload, int qos, boolean retained, boolean duplicate, int packetId,
			MqttPublishProperties properties, Object nativeMessage) {
		this.topic = Objects.requireNonNull(topic, "topic must not be null");
		this.payload = Objects.requireNonNull(payload, "payload must not be null");
		this.qos = qos;
		this.retained = retained;
		this.duplicate = duplicate;
		this.packetId = packetId;
		this.properties = Objects.requireNonNull(properties, "properties must not be null");
		this.nativeMessage = nativeMessage;
	}

	public String topic() {
		return this.topic;
	}

	public byte[] payload() {
		return this.payload;
	}

	public int qos() {
		return this.qos;
	}

	public boolean retained() {
		return this.retained;
	}

	public boolean duplicate() {
		return this.duplicate;
	}

	public int packetId() {
		return this.packetId;
	}

	public MqttPublishProperties properties() {
		return this.properties;
	}

	/**
	 * The client library's own message, for code that needs what this class does not
	 * carry.
	 * @param <T> the type
	 * @param type the library's message type, such as Paho's {@code MqttMessage}
	 * @return the native message
	 * @throws IllegalArgumentException if the message is not of that type
	 */
	public <T> T unwrap(Class<T> type) {
		if (!type.isInstance(this.nativeMessage)) {
			throw new IllegalArgumentException("The message is a "
					+ ((this.nativeMessage != null) ? this.nativeMessage.getClass().getName() : "null")
					+ ", not a " + type.getName());
		}
		return type.cast(this.nativeMessage);
	}

	@Override
	public String toString() {
		return "InboundPublish[topic=" + this.topic + ", qos=" + this.qos + ", packetId=" + this.packetId
				+ ", retained=" + this.retained + ", duplicate=" + this.duplicate + ", " + this.payload.length
				+ " bytes]";
	}

}
