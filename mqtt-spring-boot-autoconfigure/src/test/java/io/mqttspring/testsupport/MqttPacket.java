package io.mqttspring.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes whole MQTT control packets on a byte stream, for test servers that
 * stand between a client and a broker or in for a broker.
 *
 * @param header the fixed header: the packet type and flags byte, then the remaining
 * length
 * @param body the rest of the packet
 */
public record MqttPacket(byte[] header, byte[] body) {

	/** MQTT control packet type of CONNECT. */
	public static final int CONNECT = 1;

	/** MQTT control packet type of PUBLISH. */
	public static final int PUBLISH = 3;

	/** MQTT control packet type of SUBSCRIBE. */
	public static final int SUBSCRIBE = 8;

	/** MQTT control packet type of PINGREQ. */
	public static final int PINGREQ = 12;

	/** MQTT control packet type of DISCONNECT. */
	public static final int DISCONNECT = 14;

	/**
	 * Read the next packet.
	 * @param in the stream
	 * @return the packet
	 * @throws IOException at the end of the stream or on an error
	 */
	public static MqttPacket read(DataInputStream in) throws IOException {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.write(in.readUnsignedByte());
		int remaining = 0;
		int multiplier = 1;
		int encoded;
		do {
			encoded = in.readUnsignedByte();
			header.write(encoded);
			remaining += (encoded & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((encoded & 0x80) != 0);
		byte[] body = new byte[remaining];
		in.readFully(body);
		return new MqttPacket(header.toByteArray(), body);
	}

	/**
	 * A packet of a type and flags with a body.
	 * @param typeAndFlags the first byte
	 * @param body the rest after the remaining length
	 * @return the packet
	 */
	public static MqttPacket of(int typeAndFlags, byte[] body) {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.write(typeAndFlags);
		int remaining = body.length;
		do {
			int digit = remaining % 128;
			remaining /= 128;
			header.write((remaining > 0) ? digit | 0x80 : digit);
		}
		while (remaining > 0);
		return new MqttPacket(header.toByteArray(), body);
	}

	/**
	 * A QoS 0 PUBLISH.
	 * @param topic the topic
	 * @param payload the payload
	 * @param mqtt5 whether it has the MQTT 5 property length (empty)
	 * @return the packet
	 */
	public static MqttPacket publish(String topic, byte[] payload, boolean mqtt5) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] name = topic.getBytes(StandardCharsets.UTF_8);
		body.write(name.length >> 8);
		body.write(name.length & 0xFF);
		body.writeBytes(name);
		if (mqtt5) {
			body.write(0);
		}
		body.writeBytes(payload);
		return of(PUBLISH << 4, body.toByteArray());
	}

	/**
	 * The packet type.
	 * @return 1 to 15
	 */
	public int type() {
		return (this.header[0] & 0xF0) >> 4;
	}

	/**
	 * The whole packet.
	 * @return its bytes
	 */
	public byte[] bytes() {
		byte[] bytes = new byte[this.header.length + this.body.length];
		System.arraycopy(this.header, 0, bytes, 0, this.header.length);
		System.arraycopy(this.body, 0, bytes, this.header.length, this.body.length);
		return bytes;
	}

}
