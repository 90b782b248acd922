package io.mqttspring.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY}, as the starter uses for {@code tcp://}. The
 * baselines get it too: with Nagle's algorithm on, a client that publishes and receives on
 * one connection stalls on delayed TCP acknowledgements, and the comparison would measure
 * that instead of the code above the socket.
 */
public final class NoDelaySocketFactory extends SocketFactory {

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
