package io.mqttspring.testsupport;

import java.io.ByteArrayOutputStream;

/**
 * Records a stream of MQTT packets and counts them by type, to see on the wire what a
 * client sent.
 */
public final class MqttPacketRecorder {

	/** MQTT control packet type of PUBCOMP. */
	public static final int PUBCOMP = 7;

	/** MQTT control packet type of PUBREL. */
	public static final int PUBREL = 6;

	/** MQTT control packet type of PUBACK. */
	public static final int PUBACK = 4;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	synchronized void record(byte[] buffer, int length) {
		this.bytes.write(buffer, 0, length);
	}

	/**
	 * Count the complete packets of a type recorded so far.
	 * @param packetType the MQTT control packet type (1 to 15)
	 * @return the number of packets
	 */
	public synchronized int count(int packetType) {
		byte[] stream = this.bytes.toByteArray();
		int count = 0;
		int position = 0;
		while (position < stream.length) {
			int type = (stream[position] & 0xF0) >> 4;
			int remainingLength = 0;
			int multiplier = 1;
			int index = position + 1;
			byte encoded;
			do {
				if (index >= stream.length) {
					return count;
				}
				encoded = stream[index++];
				remainingLength += (encoded & 0x7F) * multiplier;
				multiplier *= 128;
			}
			while ((encoded & 0x80) != 0);
			if (index + remainingLength > stream.length) {
				return count;
			}
			if (type == packetType) {
				count++;
			}
			position = index + remainingLength;
		}
		return count;
	}

}
