package io.mqttspring.connection.transport.hivemq;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;

/**
 * Turns hostname verification off where {@code mqtt.ssl.verify-hostname=false} asks for it,
 * working around the HiveMQ client 1.3.7 on Netty 4.2: the client only sets no endpoint
 * identification of its own when given a hostname verifier, but Netty 4.2's client SSL
 * contexts verify the hostname by default ({@code HTTPS} endpoint identification), so the
 * client's hostname verifier is never asked and a broker certificate for another host is
 * refused anyway. The trust managers returned here check the certificate chain as before
 * and leave out the hostname check that the SSL engine asks them for.
 */
final class HostnameVerification {

	private HostnameVerification() {
	}

	/**
	 * The trust managers to give the HiveMQ client.
	 * @param trustManagers the trust managers of the SSL bundle, or {@code null} for the
	 * JVM's default trust store
	 * @param verifyHostname whether the broker's certificate must match its host name
	 * @return the trust managers, or {@code null} for the JVM's default
	 */
	static TrustManagerFactory trustManagers(TrustManagerFactory trustManagers, boolean verifyHostname) {
		if (verifyHostname) {
			return trustManagers;
		}
		X509TrustManager delegate = x509TrustManager((trustManagers != null) ? trustManagers : defaultTrustManagers());
		return new SimpleTrustManagerFactory() {

			@Override
			protected void engineInit(KeyStore keyStore) {
			}

			@Override
			protected void engineInit(ManagerFactoryParameters parameters) {
			}

			@Override
			protected TrustManager[] engineGetTrustManagers() {
				return new TrustManager[] { new ChainOnlyTrustManager(delegate) };
			}

		};
	}

	private static TrustManagerFactory defaultTrustManagers() {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			return factory;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JVM's default trust store cannot be loaded", ex);
		}
	}

	private static X509TrustManager x509TrustManager(TrustManagerFactory factory) {
		return Arrays.stream(factory.getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("The SSL bundle has no X.509 trust manager"));
	}

	/**
	 * Checks the broker's certificate chain without the endpoint identification the SSL
	 * engine's parameters ask for.
	 */
	private static final class ChainOnlyTrustManager extends X509ExtendedTrustManager {

		private final X509TrustManager delegate;

		ChainOnlyTrustManager(X509TrustManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
