package io.mqttspring.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one bare CONNECT packet over a plain socket and reports how the broker answered,
 * without any client library in between that would interpret (or retry) the answer. The
 * broker fixtures use it to wait until MQTT really works, not just until the port is
 * open; tests use it to observe how a broker refuses a protocol version, which client
 * libraries report only vaguely (Paho v5 says "Invalid Return code" when a 3.1.1 broker
 * answers CONNACK 0x01).
 */
public final class MqttConnectProbe {

	private static final int CONNECT = 0x10;

	private static final int CONNACK = 0x20;

	private static final int CLEAN_SESSION = 0x02;

	private static final int KEEP_ALIVE_SECONDS = 30;

	private MqttConnectProbe() {
	}

	/**
	 * Connect to a broker on the loopback interface with a clean session and no will,
	 * read its answer and disconnect.
	 * @param port the broker's MQTT port
	 * @param protocol the protocol version to ask for
	 * @param timeout how long to wait for the connection and for the answer, each
	 * @return the CONNACK's return code (reason code in MQTT 5), or empty when the broker
	 * closed the connection without sending a CONNACK
	 * @throws IOException when the port does not accept connections, the broker answered
	 * nothing within the time-out or something other than a CONNACK
	 */
	public static OptionalInt connect(int port, MqttProtocol protocol, Duration timeout) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(connectPacket(protocol));
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			int type = in.read();
			if (type == -1) {
				return OptionalInt.empty();
			}
			if (type != CONNACK) {
				throw new IOException("Expected a CONNACK but the broker sent a packet of type 0x"
						+ Integer.toHexString(type));
			}
			byte[] body = new byte[remainingLength(in)];
			in.readFully(body);
			if (body.length < 2) {
				throw new IOException("CONNACK too short: " + body.length + " bytes");
			}
			int returnCode = body[1] & 0xFF;
			if (returnCode == 0) {
				// DISCONNECT, so that the broker neither publishes a will nor logs an error
				out.write(new byte[] { (byte) 0xE0, 0 });
				out.flush();
			}
			return OptionalInt.of(returnCode);
		}
	}

	private static byte[] connectPacket(MqttProtocol protocol) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		writeString(body, protocol.protocolName());
		body.write(protocol.level());
		body.write(CLEAN_SESSION);
		body.write(KEEP_ALIVE_SECONDS >> 8);
		body.write(KEEP_ALIVE_SECONDS & 0xFF);
		if (protocol == MqttProtocol.MQTT_5) {
			// No CONNECT properties
			body.write(0);
		}
		// At most 23 characters, as MQTT 3.1 requires
		writeString(body, "probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(CONNECT);
		int length = body.size();
		do {
			int digit = length % 128;
			length /= 128;
			packet.write((length > 0) ? digit | 0x80 : digit);
		}
		while (length > 0);
		packet.writeBytes(body.toByteArray());
		return packet.toByteArray();
	}

	private static void writeString(ByteArrayOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.write(bytes.length >> 8);
		out.write(bytes.length & 0xFF);
		out.writeBytes(bytes);
	}

	private static int remainingLength(DataInputStream in) throws IOException {
		int length = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.read();
			if (digit == -1) {
				throw new EOFException("Connection closed inside a CONNACK");
			}
			length += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0 && multiplier <= 128 * 128 * 128);
		return length;
	}

}
