package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A TCP proxy on a free loopback port in front of a broker, so that a test can cut the
 * network between a client and the broker without touching either: {@link #cut()} resets
 * every connection and refuses new ones until {@link #restore()}.
 */
public final class TcpProxy implements AfterAllCallback, AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final int targetPort;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final MqttPacketRecorder clientPackets = new MqttPacketRecorder();

	private final MqttPacketRecorder brokerPackets = new MqttPacketRecorder();

	private volatile boolean cut;

	private final Object pauseMonitor = new Object();

	private boolean clientPacketsPaused;

	private volatile boolean closed;

	/**
	 * Start a proxy to a port on the loopback interface.
	 * @param targetPort the port to forward to
	 */
	public TcpProxy(int targetPort) {
		this.targetPort = targetPort;
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName(HOST));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				if (this.cut) {
					reset(client);
					continue;
				}
				Socket broker = new Socket();
				broker.connect(new InetSocketAddress(HOST, this.targetPort), 2000);
				this.sockets.add(client);
				this.sockets.add(broker);
				pump(client, broker, this.clientPackets, true);
				pump(broker, client, this.brokerPackets, false);
			}
			catch (IOException ex) {
				// The broker is down or the proxy closed: the client sees its connection fail
			}
		}
	}

	private void pump(Socket from, Socket to, MqttPacketRecorder recorder, boolean fromClient) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (fromClient) {
						awaitClientPacketsResumed();
					}
					recorder.record(buffer, read);
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// Connection closed or cut
			}
			finally {
				reset(from);
				reset(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Reset every connection through the proxy (no MQTT DISCONNECT, as when a network
	 * link fails) and refuse new connections until {@link #restore()}.
	 */
	public void cut() {
		this.cut = true;
		this.sockets.forEach(TcpProxy::reset);
		this.sockets.clear();
	}

	/**
	 * Hold back what clients send, while the broker's packets still reach them: the
	 * broker sees nothing from the client (no publish, no acknowledgement) until
	 * {@link #resumeClientPackets()}, as on a congested uplink.
	 */
	public void pauseClientPackets() {
		synchronized (this.pauseMonitor) {
			this.clientPacketsPaused = true;
		}
	}

	/**
	 * Forward what clients send again, including what was held back.
	 */
	public void resumeClientPackets() {
		synchronized (this.pauseMonitor) {
			this.clientPacketsPaused = false;
			this.pauseMonitor.notifyAll();
		}
	}

	private void awaitClientPacketsResumed() {
		synchronized (this.pauseMonitor) {
			while (this.clientPacketsPaused && !this.closed) {
				try {
					this.pauseMonitor.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Accept connections again.
	 */
	public void restore() {
		this.cut = false;
	}

	/**
	 * The MQTT packets clients sent through the proxy.
	 * @return the recorder of client packets
	 */
	public MqttPacketRecorder clientPackets() {
		return this.clientPackets;
	}

	/**
	 * The MQTT packets brokers sent through the proxy.
	 * @return the recorder of broker packets
	 */
	public MqttPacketRecorder brokerPackets() {
		return this.brokerPackets;
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * The URI clients connect to.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String uri() {
		return "tcp://" + HOST + ":" + port();
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// Already closed
		}
	}

	@Override
	public void close() {
		this.closed = true;
		cut();
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
