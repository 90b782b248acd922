package io.mqttspring.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in broker on a free loopback port that answers CONNECT, SUBSCRIBE and PINGREQ
 * (MQTT 5 and 3.1.1), and after the first SUBSCRIBE of a connection publishes one QoS 0
 * message to the subscribed filter: on the first connection of a client id it writes only
 * the first half of that PUBLISH and closes the connection, on later ones the whole packet
 * with the payload {@code complete}. A client must see the connection lost, not a message cut
 * short, and receive the complete message after it reconnected.
 */
public final class HalfPacketBroker implements AfterAllCallback, AutoCloseable {

	/** The payload of the whole message of the later connections. */
	public static final String COMPLETE = "complete";

	private final ServerSocket serverSocket;

	private final Map<String, Integer> connections = new ConcurrentHashMap<>();

	private volatile boolean closed;

	public HalfPacketBroker() {
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "half-packet-broker");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket socket = this.serverSocket.accept();
				Thread thread = new Thread(() -> serve(socket), "half-packet-broker-connection");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				// Closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
				OutputStream out = socket.getOutputStream()) {
			boolean mqtt5 = true;
			boolean cutShort = false;
			boolean published = false;
			while (true) {
				MqttPacket packet = MqttPacket.read(in);
				switch (packet.type()) {
					case MqttPacket.CONNECT -> {
						// After the protocol name "MQTT" with its length: the protocol level
						mqtt5 = packet.body()[6] == 5;
						cutShort = this.connections.merge(clientId(packet.body(), mqtt5), 1, Integer::sum) == 1;
						out.write(mqtt5 ? new byte[] { 0x20, 3, 0, 0, 0 } : new byte[] { 0x20, 2, 0, 0 });
					}
					case MqttPacket.SUBSCRIBE -> {
						byte[] body = packet.body();
						out.write(mqtt5 ? new byte[] { (byte) 0x90, 4, body[0], body[1], 0, 0 }
								: new byte[] { (byte) 0x90, 3, body[0], body[1], 0 });
						if (!published) {
							published = true;
							byte[] bytes = MqttPacket.publish(filter(body, mqtt5), COMPLETE.getBytes(StandardCharsets.UTF_8),
									mqtt5)
								.bytes();
							if (cutShort) {
								out.write(bytes, 0, bytes.length / 2);
								out.flush();
								return;
							}
							out.write(bytes);
						}
					}
					case MqttPacket.PINGREQ -> out.write(new byte[] { (byte) 0xD0, 0 });
					case MqttPacket.DISCONNECT -> {
						return;
					}
					default -> {
						// Nothing to answer
					}
				}
				out.flush();
			}
		}
		catch (IOException ex) {
			// The client closed the connection
		}
	}

	// After the protocol name and level, the connect flags, the keep-alive and (MQTT 5) the
	// properties, with a one-byte length in the clients under test
	private static String clientId(byte[] body, boolean mqtt5) {
		int index = 10;
		if (mqtt5) {
			index += 1 + body[10];
		}
		return string(body, index);
	}

	private static String string(byte[] body, int index) {
		int length = ((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF);
		return new String(body, index + 2, length, StandardCharsets.UTF_8);
	}

	// The first topic filter of a SUBSCRIBE, after the packet identifier (and the MQTT 5
	// properties, which the clients under test send with a one-byte length)
	private static String filter(byte[] body, boolean mqtt5) {
		int index = 2;
		if (mqtt5) {
			index += 1 + body[2];
		}
		return string(body, index);
	}

	/**
	 * How many connections a client made.
	 * @param clientId the client id
	 * @return the number of connections
	 */
	public int connections(String clientId) {
		return this.connections.getOrDefault(clientId, 0);
	}

	/**
	 * The URI clients connect to.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String uri() {
		return "tcp://127.0.0.1:" + this.serverSocket.getLocalPort();
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

}
