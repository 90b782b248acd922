package io.mqttspring.connection.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Creates plain sockets with {@code TCP_NODELAY}. Paho 1.2.5 leaves Nagle's algorithm on:
 * a client that both publishes and receives then waits for delayed TCP acknowledgements
 * between its small PUBACKs and PUBLISHes, which measured 690 instead of 10,000 QoS 1
 * messages per second end to end on loopback. {@link SharedMqttClient} uses it for plain
 * {@code tcp://} and {@code ws://} connections; Paho clients of your own can use it too.
 */
public final class TcpNoDelaySocketFactory extends SocketFactory {

	private final SocketFactory delegate = SocketFactory.getDefault();

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(this.delegate.createSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(this.delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(this.delegate.createSocket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
