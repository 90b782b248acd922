package io.mqttspring.connection.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The read buffer of one socket, in one place for every connection a Paho transport
 * opens: plain TCP ({@link BufferedInputSocket}, from {@link TcpNoDelaySocketFactory}), TLS
 * ({@link BufferedInputSslSocket}, around the sockets of an SSL bundle) and WebSockets over
 * either.
 * <p>
 * Paho 1.2.5 (MQTTv5 and MQTTv3) reads its socket without a buffer: one read for the
 * fixed header's first byte, one per byte of the remaining length, then one for the body,
 * each a system call on a plain socket; through a buffer, a packet or several take one.
 * It changes nothing Paho relies on: a read that times out (Paho reads with a 1 s time-out
 * and resumes a partly read body after it) returns nothing and loses nothing, since the
 * buffer hands out only bytes it holds; the end of the stream and errors reach Paho as
 * before. The buffered stream is created once per socket, so that every caller of
 * {@code getInputStream()} (Paho's WebSocket handshake, then its frame reader) reads the
 * same bytes.
 */
final class SocketInputBuffer {

	/**
	 * Many small packets in one read; a body larger than this is read straight into Paho's
	 * own array.
	 */
	static final int SIZE = 8192;

	private InputStream in;

	/**
	 * The buffered stream, created on first use.
	 * @param source opens the socket's own input stream
	 * @return the buffered stream
	 * @throws IOException if the socket's stream cannot be opened
	 */
	synchronized InputStream get(Source source) throws IOException {
		if (this.in == null) {
			this.in = new SocketBufferedInputStream(source.open());
		}
		return this.in;
	}

	/**
	 * Answers {@link #available()} from the buffer while it holds bytes: Paho asks before
	 * every packet, and the socket would answer with a system call.
	 */
	private static final class SocketBufferedInputStream extends BufferedInputStream {

		SocketBufferedInputStream(InputStream in) {
			super(in, SIZE);
		}

		@Override
		public synchronized int available() throws IOException {
			int buffered = this.count - this.pos;
			return (buffered > 0) ? buffered : super.available();
		}

	}

	/**
	 * Opens the socket's own input stream.
	 */
	@FunctionalInterface
	interface Source {

		InputStream open() throws IOException;

	}

}
