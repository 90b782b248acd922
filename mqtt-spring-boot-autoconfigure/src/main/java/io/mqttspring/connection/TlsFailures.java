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
		SocketException closed = find(exception, SocketException.class);
		if (closed == null || closed instanceof ConnectException || find(exception, SSLException.class) != null) {
			return null;
		}
		return "TLS handshake failed: the broker closed the connection during or right after the TLS handshake, "
				+ "which is how a broker refusing the client certificate often shows with TLS 1.3: check the "
				+ "client certificate in the SSL bundle and that the broker trusts its issuer [" + closed + "]";
	}

	private static String explain(SSLException tlsFailure) {
		String message = String.valueOf(tlsFailure.getMessage());
		if (find(tlsFailure, CertificateExpiredException.class) != null
				|| find(tlsFailure, CertificateNotYetValidException.class) != null || outOfValidity(tlsFailure)) {
			return "the broker's certificate has expired or is not valid yet";
		}
		if (find(tlsFailure, CertPathBuilderException.class) != null) {
			return "the broker's certificate is not trusted: no certificate authority in the trust store issued it "
					+ "(the SSL bundle's, or the JVM's default trust store without mqtt.ssl.bundle)";
		}
		if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
			return "the broker's certificate was not issued for the host name of the server URI "
					+ "(hostname verification)";
		}
		String alert = receivedAlert(message);
		if ("certificate_required".equals(alert)) {
			return "the broker requires a client certificate (mutual TLS) and none was sent: "
					+ "add a key store with the client's key and certificate to the SSL bundle";
		}
		if (alert != null && (alert.contains("certificate") || alert.equals("unknown_ca"))) {
			return "the broker refused the client certificate (" + alert + ")";
		}
		if ("protocol_version".equals(alert) || "handshake_failure".equals(alert)) {
			return "the broker accepts none of the TLS versions or cipher suites offered (" + alert
					+ "; the SSL bundle's options, TLSv1.3 and TLSv1.2 by default)";
		}
		if (message.contains("Unsupported or unrecognized SSL message")) {
			return "the broker did not answer with TLS: is the port a TLS listener?";
		}
		return "the connection could not be secured";
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
