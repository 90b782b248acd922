package io.mqttspring.connection;

/**
 * Why a TLS handshake with the broker failed, as far as the client can tell, so that a
 * report can say which side's certificate or settings to change.
 */
public enum TlsProblem {

	/** The broker's certificate has expired or is not valid yet. */
	CERTIFICATE_EXPIRED,

	/** No certificate authority in the client's trust store issued the broker's certificate. */
	CERTIFICATE_NOT_TRUSTED,

	/** The broker's certificate was not issued for the host name of the server URI. */
	HOSTNAME_MISMATCH,

	/** The broker requires a client certificate (mutual TLS) and none was sent. */
	CLIENT_CERTIFICATE_REQUIRED,

	/**
	 * The broker refused the client certificate, with an alert or, as often with TLS 1.3,
	 * by closing the connection right after the handshake.
	 */
	CLIENT_CERTIFICATE_REFUSED,

	/** The broker accepts none of the TLS versions or cipher suites the client offered. */
	NO_COMMON_PROTOCOL,

	/** The broker did not answer with TLS: the port is not a TLS listener. */
	NOT_TLS,

	/** Any other TLS failure. */
	OTHER

}
