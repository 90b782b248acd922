package io.mqttspring.connection.transport;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The plain sockets of the Paho transports: {@code TCP_NODELAY}, and one buffered input
 * stream per socket that loses nothing when a read times out, as Paho's reads do every
 * second while the broker is quiet.
 */
class TcpNoDelaySocketFactoryTests {

	private final TcpNoDelaySocketFactory factory = new TcpNoDelaySocketFactory();

	private ServerSocket server;

	@BeforeEach
	void listen() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void close() throws IOException {
		this.server.close();
	}

	@Test
	void servesPlainTcpAndWebSocketUrisButNotTlsOnes() {
		assertThat(TcpNoDelaySocketFactory.servesAll(List.of("tcp://a:1883", "ws://b:8080/mqtt"))).isTrue();
		assertThat(TcpNoDelaySocketFactory.servesAll(List.of("tcp://a:1883", "ssl://b:8883"))).isFalse();
		assertThat(TcpNoDelaySocketFactory.servesAll(List.of("wss://b:443/mqtt"))).isFalse();
	}

	@Test
	void unconnectedSocketAsPahoCreatesItHasNoDelayAndOneBufferedStream() throws IOException {
		try (Socket socket = this.factory.createSocket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort()));
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(socket.getInputStream()).isInstanceOf(BufferedInputStream.class)
				.isSameAs(socket.getInputStream());
		}
	}

	@Test
	void connectedSocketHasNoDelayAndABufferedStream() throws IOException {
		try (Socket socket = this.factory.createSocket(InetAddress.getLoopbackAddress(), this.server.getLocalPort())) {
			assertThat(socket.isConnected()).isTrue();
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(socket.getInputStream()).isInstanceOf(BufferedInputStream.class);
		}
	}

	@Test
	void readsThatTimeOutInTheMiddleOfThePeerWritesLoseNothing() throws IOException {
		try (Socket socket = this.factory.createSocket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort()));
			socket.setSoTimeout(200);
			try (Socket peer = this.server.accept()) {
				OutputStream out = peer.getOutputStream();
				// As Paho reads: the first byte alone, then into its array with timed-out reads
				DataInputStream in = new DataInputStream(socket.getInputStream());
				out.write("abc".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(in.readByte()).isEqualTo((byte) 'a');
				assertThat(in.available()).isEqualTo(2);
				byte[] body = new byte[5];
				int read = in.read(body, 0, 5);
				assertThat(new String(body, 0, read, StandardCharsets.US_ASCII)).isEqualTo("bc");
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> in.read(body, read, 5 - read));
				assertThat(in.available()).isZero();
				out.write("def".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				in.readFully(body, read, 3);
				assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("bcdef");
				peer.shutdownOutput();
				assertThat(in.read()).isEqualTo(-1);
			}
		}
	}

}
