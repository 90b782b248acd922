package io.mqttspring.connection;

import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Describes why a TLS handshake with the broker failed, in terms of what to fix. The
 * JSSE messages ("PKIX path building failed", "Received fatal alert: unknown_ca") are
 * precise but say neither whose certificate was refused nor by whom.
 */
final class TlsFailures {

	private TlsFailures() {
	}

	/**
	 * Describe a failure if a TLS handshake caused it.
	 * @param exception the failure of a connect attempt or of a connection
	 * @return the description, ending with the JSSE message, or {@code null} when the
	 * failure is not a TLS failure
	 */
	static String describe(Throwable exception) {
		SSLException tlsFailure = find(exception, SSLException.class);
		if (tlsFailure == null) {
			return null;
		}
		return "TLS handshake failed: " + explain(tlsFailure) + " [" + tlsFailure + "]";
	}

	/**
	 * Describe a connect attempt to a TLS listener that the broker closed without a TLS
	 * alert. With TLS 1.3 the broker checks the client certificate after the client's
	 * side of the handshake is done, so a refused certificate often shows as a broken pipe
	 * or a reset when the client writes CONNECT.
	 * @param exception the failure of a connect attempt
	 * @return the description, or {@code null} when the failure is not such a close
	 */
	static String describeClosedConnect(Throwable exception) {
		SocketException closed = closedConnect(exception);
		if (closed == null) {
			return null;
		}
		return "TLS handshake failed: the broker closed the connection during or right after the TLS handshake, "
				+ "which is how a broker refusing the client certificate often shows with TLS 1.3: check the "
				+ "client certificate in the SSL bundle and that the broker trusts its issuer [" + closed + "]";
	}

	/**
	 * Tell what a failed connect attempt says about the TLS set-up.
	 * @param exception the failure of a connect attempt
	 * @param tlsServerUri whether the attempt was to an {@code ssl://} or {@code wss://}
	 * URI, where a connection closed without an alert means a refused client certificate
	 * @return the problem, or {@code null} when the failure is not a TLS failure
	 */
	static TlsProblem problem(Throwable exception, boolean tlsServerUri) {
		SSLException tlsFailure = find(exception, SSLException.class);
		if (tlsFailure != null) {
			return problem(tlsFailure);
		}
		return (tlsServerUri && closedConnect(exception) != null) ? TlsProblem.CLIENT_CERTIFICATE_REFUSED : null;
	}

	private static SocketException closedConnect(Throwable exception) {
		SocketException closed = find(exception, SocketException.class);
		if (closed == null || closed instanceof ConnectException || find(exception, SSLException.class) != null) {
			return null;
		}
		return closed;
	}

	private static TlsProblem problem(SSLException tlsFailure) {
		String message = String.valueOf(tlsFailure.getMessage());
		if (find(tlsFailure, CertificateExpiredException.class) != null
				|| find(tlsFailure, CertificateNotYetValidException.class) != null || outOfValidity(tlsFailure)) {
			return TlsProblem.CERTIFICATE_EXPIRED;
		}
		if (find(tlsFailure, CertPathBuilderException.class) != null) {
			return TlsProblem.CERTIFICATE_NOT_TRUSTED;
		}
		if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
			return TlsProblem.HOSTNAME_MISMATCH;
		}
		String alert = receivedAlert(message);
		if ("certificate_required".equals(alert)) {
			return TlsProblem.CLIENT_CERTIFICATE_REQUIRED;
		}
		if (alert != null && (alert.contains("certificate") || alert.equals("unknown_ca"))) {
			return TlsProblem.CLIENT_CERTIFICATE_REFUSED;
		}
		if ("protocol_version".equals(alert) || "handshake_failure".equals(alert)) {
			return TlsProblem.NO_COMMON_PROTOCOL;
		}
		if (message.contains("Unsupported or unrecognized SSL message")) {
			return TlsProblem.NOT_TLS;
		}
		return TlsProblem.OTHER;
	}

	private static String explain(SSLException tlsFailure) {
		String alert = receivedAlert(String.valueOf(tlsFailure.getMessage()));
		return switch (problem(tlsFailure)) {
			case CERTIFICATE_EXPIRED -> "the broker's certificate has expired or is not valid yet";
			case CERTIFICATE_NOT_TRUSTED -> "the broker's certificate is not trusted: no certificate authority in the "
					+ "trust store issued it (the SSL bundle's, or the JVM's default trust store without "
					+ "mqtt.ssl.bundle)";
			case HOSTNAME_MISMATCH -> "the broker's certificate was not issued for the host name of the server URI "
					+ "(hostname verification)";
			case CLIENT_CERTIFICATE_REQUIRED -> "the broker requires a client certificate (mutual TLS) and none was "
					+ "sent: add a key store with the client's key and certificate to the SSL bundle";
			case CLIENT_CERTIFICATE_REFUSED -> "the broker refused the client certificate (" + alert + ")";
			case NO_COMMON_PROTOCOL -> "the broker accepts none of the TLS versions or cipher suites offered (" + alert
					+ "; the SSL bundle's options, TLSv1.3 and TLSv1.2 by default)";
			case NOT_TLS -> "the broker did not answer with TLS: is the port a TLS listener?";
			case OTHER -> "the connection could not be secured";
		};
	}

	private static boolean outOfValidity(SSLException tlsFailure) {
		CertPathValidatorException invalid = find(tlsFailure, CertPathValidatorException.class);
		return invalid != null && (invalid.getReason() == BasicReason.EXPIRED
				|| invalid.getReason() == BasicReason.NOT_YET_VALID);
	}

	// "Received fatal alert: unknown_ca" -> "unknown_ca"
	private static String receivedAlert(String message) {
		String prefix = "Received fatal alert: ";
		return message.startsWith(prefix) ? message.substring(prefix.length()).trim().toLowerCase(Locale.ROOT) : null;
	}

	private static <T extends Throwable> T find(Throwable exception, Class<T> type) {
		Throwable candidate = exception;
		for (int depth = 0; candidate != null && depth < 20; depth++) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
