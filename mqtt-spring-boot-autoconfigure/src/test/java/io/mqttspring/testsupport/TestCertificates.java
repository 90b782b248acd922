package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities, server and client certificates generated for a test run
 * (EC P-256 keys, Bouncy Castle), written as PEM files for Mosquitto and as PEM, JKS or
 * PKCS12 for Spring Boot SSL bundles.
 * <pre>
 * CertificateAuthority ca = TestCertificates.authority("Test CA");
 * Issued server = ca.server("broker", "IP:127.0.0.1", "DNS:localhost");
 * </pre>
 */
public final class TestCertificates {

	private static final AtomicLong serialNumbers = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/**
	 * A new self-signed certificate authority, valid from yesterday for a year.
	 * @param commonName the CA's common name
	 * @return the authority
	 */
	public static CertificateAuthority authority(String commonName) {
		KeyPair keyPair = newKeyPair();
		X500Name name = new X500Name("CN=" + commonName);
		Instant now = Instant.now();
		X509Certificate certificate = sign(name, keyPair, name, keyPair.getPublic(), now.minus(Duration.ofDays(1)),
				now.plus(Duration.ofDays(365)), (builder, extensions) -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
					builder.addExtension(Extension.keyUsage, true,
							new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
					builder.addExtension(Extension.subjectKeyIdentifier, false,
							extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
				});
		return new CertificateAuthority(certificate, keyPair);
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
			java.security.PublicKey subjectKey, Instant notBefore, Instant notAfter, Extensions extensions) {
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(serialNumbers.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
					subject, subjectKey);
			extensions.add(builder, new JcaX509ExtensionUtils());
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static String pem(X509Certificate certificate) {
		try {
			return pem("CERTIFICATE", certificate.getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void store(KeyStore keyStore, Path file, String password) {
		try (OutputStream out = Files.newOutputStream(file)) {
			keyStore.store(out, password.toCharArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore emptyKeyStore(String type) {
		try {
			KeyStore keyStore = KeyStore.getInstance(type);
			keyStore.load(null, null);
			return keyStore;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder, JcaX509ExtensionUtils utils)
				throws CertIOException, GeneralSecurityException;

	}

	/**
	 * A certificate authority that issues server and client certificates.
	 */
	public static final class CertificateAuthority {

		private final X509Certificate certificate;

		private final KeyPair keyPair;

		private CertificateAuthority(X509Certificate certificate, KeyPair keyPair) {
			this.certificate = certificate;
			this.keyPair = keyPair;
		}

		/**
		 * A server certificate valid from yesterday for a month.
		 * @param commonName the subject's common name
		 * @param subjectAlternativeNames {@code IP:<address>} or {@code DNS:<name>}
		 * @return the certificate and its key
		 */
		public Issued server(String commonName, String... subjectAlternativeNames) {
			Instant now = Instant.now();
			return issue(commonName, KeyPurposeId.id_kp_serverAuth, now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)), subjectAlternativeNames);
		}

		/**
		 * A server certificate that expired yesterday.
		 * @param commonName the subject's common name
		 * @param subjectAlternativeNames {@code IP:<address>} or {@code DNS:<name>}
		 * @return the certificate and its key
		 */
		public Issued expiredServer(String commonName, String... subjectAlternativeNames) {
			Instant now = Instant.now();
			return issue(commonName, KeyPurposeId.id_kp_serverAuth, now.minus(Duration.ofDays(30)),
					now.minus(Duration.ofDays(1)), subjectAlternativeNames);
		}

		/**
		 * A client certificate valid from yesterday for a month.
		 * @param commonName the subject's common name
		 * @return the certificate and its key
		 */
		public Issued client(String commonName) {
			Instant now = Instant.now();
			return issue(commonName, KeyPurposeId.id_kp_clientAuth, now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)));
		}

		private Issued issue(String commonName, KeyPurposeId purpose, Instant notBefore, Instant notAfter,
				String... subjectAlternativeNames) {
			KeyPair subjectKeys = newKeyPair();
			X500Name issuer = X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded());
			X509Certificate issued = sign(issuer, this.keyPair, new X500Name("CN=" + commonName),
					subjectKeys.getPublic(), notBefore, notAfter, (builder, utils) -> {
						builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
						builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
						builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
						builder.addExtension(Extension.authorityKeyIdentifier, false,
								utils.createAuthorityKeyIdentifier(this.certificate));
						if (subjectAlternativeNames.length > 0) {
							builder.addExtension(Extension.subjectAlternativeName, false,
									generalNames(subjectAlternativeNames));
						}
					});
			return new Issued(issued, subjectKeys.getPrivate(), this.certificate);
		}

		private static GeneralNames generalNames(String... subjectAlternativeNames) {
			List<GeneralName> names = new ArrayList<>();
			for (String name : subjectAlternativeNames) {
				if (name.startsWith("IP:")) {
					names.add(new GeneralName(GeneralName.iPAddress, name.substring(3)));
				}
				else if (name.startsWith("DNS:")) {
					names.add(new GeneralName(GeneralName.dNSName, name.substring(4)));
				}
				else {
					throw new IllegalArgumentException("Expected IP:<address> or DNS:<name> but got " + name);
				}
			}
			return new GeneralNames(names.toArray(GeneralName[]::new));
		}

		/**
		 * The CA certificate in PEM.
		 * @return the PEM text
		 */
		public String certificatePem() {
			return pem(this.certificate);
		}

		/**
		 * Write a trust store holding the CA certificate.
		 * @param file the file to write
		 * @param type {@code JKS} or {@code PKCS12}
		 * @param password the store password
		 */
		public void writeTrustStore(Path file, String type, String password) {
			KeyStore trustStore = emptyKeyStore(type);
			try {
				trustStore.setCertificateEntry("ca", this.certificate);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			store(trustStore, file, password);
		}

	}

	/**
	 * A certificate issued by a {@link CertificateAuthority}, with its private key.
	 */
	public static final class Issued {

		private final X509Certificate certificate;

		private final PrivateKey privateKey;

		private final X509Certificate issuer;

		private Issued(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
			this.certificate = certificate;
			this.privateKey = privateKey;
			this.issuer = issuer;
		}

		/**
		 * The certificate in PEM.
		 * @return the PEM text
		 */
		public String certificatePem() {
			return pem(this.certificate);
		}

		/**
		 * The private key in unencrypted PKCS#8 PEM.
		 * @return the PEM text
		 */
		public String privateKeyPem() {
			return pem("PRIVATE KEY", this.privateKey.getEncoded());
		}

		/**
		 * Write the certificate and the key as PEM files.
		 * @param certificateFile the certificate file
		 * @param privateKeyFile the key file
		 */
		public void writePem(Path certificateFile, Path privateKeyFile) {
			try {
				Files.writeString(certificateFile, certificatePem());
				Files.writeString(privateKeyFile, privateKeyPem());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Write a key store holding the key with the certificate and its issuer as chain.
		 * @param file the file to write
		 * @param type {@code JKS} or {@code PKCS12}
		 * @param password the store and key password
		 * @param alias the key's alias
		 */
		public void writeKeyStore(Path file, String type, String password, String alias) {
			KeyStore keyStore = emptyKeyStore(type);
			try {
				keyStore.setKeyEntry(alias, this.privateKey, password.toCharArray(),
						new Certificate[] { this.certificate, this.issuer });
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			store(keyStore, file, password);
		}

	}

}
