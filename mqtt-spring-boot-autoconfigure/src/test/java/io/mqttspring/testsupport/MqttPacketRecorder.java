package io.mqttspring.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a stream of MQTT packets, to see on the wire what a client or a broker sent:
 * packets by type, and the packet identifiers of the publish flows in order.
 */
public final class MqttPacketRecorder {

	/** MQTT control packet type of PUBLISH. */
	public static final int PUBLISH = 3;

	/** MQTT control packet type of PUBACK. */
	public static final int PUBACK = 4;

	/** MQTT control packet type of PUBREC. */
	public static final int PUBREC = 5;

	/** MQTT control packet type of PUBREL. */
	public static final int PUBREL = 6;

	/** MQTT control packet type of PUBCOMP. */
	public static final int PUBCOMP = 7;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	synchronized void record(byte[] buffer, int length) {
		this.bytes.write(buffer, 0, length);
	}

	/**
	 * Count the complete packets of a type recorded so far.
	 * @param packetType the MQTT control packet type (1 to 15)
	 * @return the number of packets
	 */
	public int count(int packetType) {
		return packets(packetType).size();
	}

	/**
	 * The packet identifiers of the complete PUBLISH packets with QoS 1 or 2 and of the
	 * PUBACK, PUBREC, PUBREL and PUBCOMP packets of a type recorded so far, in order.
	 * @param packetType {@link #PUBLISH}, {@link #PUBACK}, {@link #PUBREC}, {@link #PUBREL}
	 * or {@link #PUBCOMP}
	 * @return the packet identifiers
	 */
	public List<Integer> packetIdentifiers(int packetType) {
		List<Integer> identifiers = new ArrayList<>();
		for (Packet packet : packets(packetType)) {
			int index = packet.variableHeader;
			if (packetType == PUBLISH) {
				if (packet.qos() == 0) {
					continue;
				}
				index += 2 + packet.unsigned16(index);
			}
			identifiers.add(packet.unsigned16(index));
		}
		return identifiers;
	}

	private synchronized List<Packet> packets(int packetType) {
		byte[] stream = this.bytes.toByteArray();
		List<Packet> packets = new ArrayList<>();
		int position = 0;
		while (position < stream.length) {
			int remainingLength = 0;
			int multiplier = 1;
			int index = position + 1;
			byte encoded;
			do {
				if (index >= stream.length) {
					return packets;
				}
				encoded = stream[index++];
				remainingLength += (encoded & 0x7F) * multiplier;
				multiplier *= 128;
			}
			while ((encoded & 0x80) != 0);
			if (index + remainingLength > stream.length) {
				return packets;
			}
			if ((stream[position] & 0xF0) >> 4 == packetType) {
				packets.add(new Packet(stream, position, index));
			}
			position = index + remainingLength;
		}
		return packets;
	}

	private record Packet(byte[] stream, int start, int variableHeader) {

		int qos() {
			return (this.stream[this.start] >> 1) & 0x03;
		}

		int unsigned16(int index) {
			return ((this.stream[index] & 0xFF) << 8) | (this.stream[index + 1] & 0xFF);
		}

	}

}
