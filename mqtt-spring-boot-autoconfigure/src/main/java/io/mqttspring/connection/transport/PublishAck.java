package io.mqttspring.connection.transport;

/**
 * The broker's acknowledgement of a publish: for QoS 1 and 2 the packet identifier and
 * the reason code of its PUBACK or PUBREC; for QoS 0, which has no acknowledgement, 0 and
 * 0 once the message was written.
 *
 * @param packetId the packet identifier the message was sent with
 * @param reasonCode the MQTT 5 reason code (0x00 or 0x10); 0 on MQTT 3.1.1
 */
public record PublishAck(int packetId, int reasonCode) {

	/** The acknowledgement of a QoS 0 message that was written. */
	public static final PublishAck WRITTEN = new PublishAck(0, 0);

}
