package io.mqttspring.connection.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import javax.net.SocketFactory;

/**
 * Creates plain sockets with {@code TCP_NODELAY} that read through a buffer
 * ({@link SocketInputBuffer}). Paho 1.2.5 leaves Nagle's algorithm on: a client that both
 * publishes and receives then waits for delayed TCP acknowledgements between its small
 * PUBACKs and PUBLISHes, which measured 690 instead of 10,000 QoS 1 messages per second
 * end to end on loopback; and it reads its socket a byte at a time. The Paho transports
 * use it for plain {@code tcp://} and {@code ws://} connections; Paho clients of your own
 * can use it too.
 */
public final class TcpNoDelaySocketFactory extends SocketFactory {

	/**
	 * Whether plain sockets can serve every one of these server URIs: Paho refuses a
	 * plain socket factory for {@code ssl://} and {@code wss://} URIs.
	 * @param serverUris the server URIs
	 * @return whether all of them are {@code tcp://} or {@code ws://}
	 */
	public static boolean servesAll(List<String> serverUris) {
		return serverUris.stream().allMatch((uri) -> uri.startsWith("tcp://") || uri.startsWith("ws://"));
	}

	@Override
	public Socket createSocket() throws IOException {
		return createUnconnected();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connect(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connect(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private static Socket connect(InetSocketAddress remote, InetSocketAddress local) throws IOException {
		Socket socket = createUnconnected();
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(remote);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static Socket createUnconnected() throws IOException {
		return noDelay(new BufferedInputSocket());
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
