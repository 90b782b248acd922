package io.mqttspring.connection.transport;

import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material behind a socket factory of {@link TransportSettings#socketFactory()}.
 * A client library that does not open its connections with a {@code SocketFactory} (the
 * HiveMQ client runs on Netty) builds its TLS from this instead, so that an SSL bundle
 * reaches every transport the same way, reloads included
 * ({@link SocketFactoryTransport#setSocketFactory}).
 */
public interface TlsMaterial {

	/**
	 * The key managers that present the client's certificate (mutual TLS).
	 * @return the key manager factory, or {@code null} when the client has no certificate
	 */
	KeyManagerFactory keyManagerFactory();

	/**
	 * The trust managers that check the broker's certificate.
	 * @return the trust manager factory
	 */
	TrustManagerFactory trustManagerFactory();

	/**
	 * The TLS protocols to enable.
	 * @return the protocols, such as {@code TLSv1.3}
	 */
	List<String> protocols();

	/**
	 * The cipher suites to enable.
	 * @return the cipher suites, or {@code null} for the library's defaults
	 */
	List<String> cipherSuites();

}
