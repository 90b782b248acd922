package io.mqttspring.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A TCP proxy on a free loopback port in front of a broker that hands the broker's PUBLISH
 * packets to the client in two parts: the fixed header with the first half of the rest,
 * then, after a pause, the second half, as a slow network can. With a pause longer than
 * the client's read time-out, the client must resume a packet it read in part. Everything
 * else passes unchanged.
 */
public final class FragmentingProxy implements AfterAllCallback, AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final int targetPort;

	private final Duration pause;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicInteger split = new AtomicInteger();

	private volatile boolean closed;

	/**
	 * Start a proxy to a port on the loopback interface.
	 * @param targetPort the broker's port
	 * @param pause the pause between the two parts of a PUBLISH
	 */
	public FragmentingProxy(int targetPort, Duration pause) {
		this.targetPort = targetPort;
		this.pause = pause;
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName(HOST));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "fragmenting-proxy-" + this.serverSocket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				Socket broker = new Socket();
				broker.connect(new InetSocketAddress(HOST, this.targetPort), 2000);
				broker.setTcpNoDelay(true);
				client.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(broker);
				start(() -> copy(client, broker));
				start(() -> fragment(broker, client));
			}
			catch (IOException ex) {
				// The proxy closed
			}
		}
	}

	private static void start(Runnable pump) {
		Thread thread = new Thread(pump, "fragmenting-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void copy(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// Closed
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void fragment(Socket from, Socket to) {
		try (DataInputStream in = new DataInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
			while (true) {
				MqttPacket packet = MqttPacket.read(in);
				byte[] bytes = packet.bytes();
				if (packet.type() == MqttPacket.PUBLISH) {
					int first = packet.header().length + packet.body().length / 2;
					out.write(bytes, 0, first);
					out.flush();
					this.split.incrementAndGet();
					Thread.sleep(this.pause.toMillis());
					out.write(bytes, first, bytes.length - first);
				}
				else {
					out.write(bytes);
				}
				out.flush();
			}
		}
		catch (IOException ex) {
			// Closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			close(from);
			close(to);
		}
	}

	/**
	 * How many PUBLISH packets went to clients in two parts.
	 * @return the number of packets
	 */
	public int splitPackets() {
		return this.split.get();
	}

	/**
	 * The URI clients connect to.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String uri() {
		return "tcp://" + HOST + ":" + this.serverSocket.getLocalPort();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.sockets.forEach(FragmentingProxy::close);
		close(this.serverSocket);
	}

	private static void close(ServerSocket socket) {
		try {
			socket.close();
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
