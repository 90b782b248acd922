package io.mqttspring.connection.transport;

import javax.net.SocketFactory;

/**
 * A transport that opens its connections with a {@link SocketFactory}, which can be
 * replaced, for example by one with renewed TLS certificates.
 */
public interface SocketFactoryTransport {

	/**
	 * The socket factory of the next connect attempts.
	 * @return the socket factory, or {@code null} for the library's default
	 */
	SocketFactory getSocketFactory();

	/**
	 * Use another socket factory from the next connect attempt on.
	 * @param socketFactory the socket factory
	 */
	void setSocketFactory(SocketFactory socketFactory);

}
