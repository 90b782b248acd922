package io.mqttspring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.mqttspring.connection.transport.TlsMaterial;

import io.mqttspring.connection.transport.BufferedInputSslSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The socket factory of an {@link SslBundle}: sockets from the bundle's
 * {@link SslBundle#createSslContext() SSL context} (its trust material and, for mutual
 * TLS, its key), limited to the bundle's protocols and ciphers, reading through a buffer
 * ({@link BufferedInputSslSocket}). The key store passwords stay inside the bundle: Paho's
 * own {@code SSLProperties} route would need them and its debug output prints them.
 * Transports that do not use sockets of their own (the HiveMQ client on Netty) take the
 * same material through {@link TlsMaterial}.
 */
final class SslBundleSocketFactory extends SSLSocketFactory implements TlsMaterial {

	/**
	 * The protocols enabled when the bundle does not name any.
	 */
	static final String[] DEFAULT_PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final SSLSocketFactory delegate;

	private final String[] protocols;

	private final String[] ciphers;

	private final SslManagerBundle managers;

	private final boolean clientCertificate;

	private SslBundleSocketFactory(SSLSocketFactory delegate, String[] protocols, String[] ciphers,
			SslManagerBundle managers, boolean clientCertificate) {
		this.delegate = delegate;
		this.protocols = protocols;
		this.ciphers = ciphers;
		this.managers = managers;
		this.clientCertificate = clientCertificate;
	}

	static SslBundleSocketFactory of(SslBundle bundle) {
		SslOptions options = bundle.getOptions();
		String[] protocols = (options.getEnabledProtocols() != null) ? options.getEnabledProtocols()
				: DEFAULT_PROTOCOLS;
		return new SslBundleSocketFactory(bundle.createSslContext().getSocketFactory(), protocols.clone(),
				(options.getCiphers() != null) ? options.getCiphers().clone() : null, bundle.getManagers(),
				bundle.getStores().getKeyStore() != null);
	}

	@Override
	public KeyManagerFactory keyManagerFactory() {
		return this.clientCertificate ? this.managers.getKeyManagerFactory() : null;
	}

	@Override
	public TrustManagerFactory trustManagerFactory() {
		return this.managers.getTrustManagerFactory();
	}

	@Override
	public List<String> protocols() {
		return List.of(this.protocols);
	}

	@Override
	public List<String> cipherSuites() {
		return (this.ciphers != null) ? List.of(this.ciphers) : null;
	}

	String[] getProtocols() {
		return this.protocols.clone();
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return (this.ciphers != null) ? this.ciphers.clone() : this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket() throws IOException {
		return configure(this.delegate.createSocket());
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return configure(this.delegate.createSocket(socket, host, port, autoClose));
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return configure(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return configure(this.delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return configure(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return configure(this.delegate.createSocket(address, port, localAddress, localPort));
	}

	private Socket configure(Socket socket) throws IOException {
		SSLSocket sslSocket = (SSLSocket) socket;
		// As for plain connections (TcpNoDelaySocketFactory): Paho leaves Nagle's algorithm on
		sslSocket.setTcpNoDelay(true);
		sslSocket.setEnabledProtocols(this.protocols);
		if (this.ciphers != null) {
			sslSocket.setEnabledCipherSuites(this.ciphers);
		}
		return BufferedInputSslSocket.wrap(sslSocket);
	}

	@Override
	public String toString() {
		return "SslBundleSocketFactory[" + String.join(",", this.protocols) + "]";
	}

}
