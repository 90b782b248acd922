package io.mqttspring.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.TestCertificates;
import io.mqttspring.testsupport.TestCertificates.CertificateAuthority;
import io.mqttspring.testsupport.TestCertificates.Issued;

/**
 * The certificates of the TLS tests, generated once per test run: a CA that the broker's
 * certificates and the trusted client certificates come from, and a CA nobody trusts.
 */
public final class TlsTestMaterial {

	public static final CertificateAuthority CA = TestCertificates.authority("MQTT Test CA");

	static final CertificateAuthority UNKNOWN_CA = TestCertificates.authority("Unknown CA");

	/** Valid for 127.0.0.1 and localhost. */
	static final Issued SERVER = CA.server("broker", "IP:127.0.0.1", "DNS:localhost");

	private TlsTestMaterial() {
	}

	/**
	 * Give the broker the CA ({@code ca.pem}) and the server certificate
	 * ({@code server.pem}, {@code server-key.pem}) for its listeners to name.
	 * @param broker the broker
	 * @return the broker
	 */
	public static MosquittoBroker withServerFiles(MosquittoBroker broker) {
		return broker.withFile("ca.pem", CA.certificatePem())
			.withFile("server.pem", SERVER.certificatePem())
			.withFile("server-key.pem", SERVER.privateKeyPem());
	}

	/**
	 * Properties of a PEM bundle that trusts a CA, written into a directory.
	 * @param bundle the bundle name
	 * @param ca the CA to trust
	 * @param directory where to write the CA certificate
	 * @return the properties
	 */
	public static String[] pemTrust(String bundle, CertificateAuthority ca, Path directory) {
		Path file = directory.resolve(bundle + "-ca.pem");
		write(file, ca.certificatePem());
		return new String[] { "spring.ssl.bundle.pem." + bundle + ".truststore.certificate=file:" + file,
				"mqtt.ssl.bundle=" + bundle };
	}

	static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
