package io.mqttspring.connection.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A plain socket that reads through a {@link SocketInputBuffer}.
 */
final class BufferedInputSocket extends Socket {

	private final SocketInputBuffer input = new SocketInputBuffer();

	@Override
	public InputStream getInputStream() throws IOException {
		return this.input.get(super::getInputStream);
	}

}
