package io.mqttspring.autoconfigure;

import java.io.IOException;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

import io.mqttspring.autoconfigure.endpoint.MqttSanitizingAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.connection.transport.BufferedInputSslSocket;
import io.mqttspring.testsupport.TestCertificates;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the security settings (SSL bundle, hostname verification, WebSocket headers,
 * credentials) reach Paho's connection options, and what is refused or warned about at
 * start-up. The broker address points at a closed port: these tests look at beans.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqttSecurityAutoConfigurationTests {

	private static final String CA_PEM = TestCertificates.authority("Options CA").certificatePem();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MqttAutoConfiguration.class,
				MqttSanitizingAutoConfiguration.class))
		.withPropertyValues("mqtt.server-uris=ssl://127.0.0.1:1", "mqtt.embedded.enabled=false",
				"spring.ssl.bundle.pem.broker.truststore.certificate=" + CA_PEM);

	@Test
	void sslBundleSuppliesBufferedSocketsOfferingTls13AndTls12ByDefaultWithoutNagleDelay() throws IOException {
		this.runner.withPropertyValues("mqtt.ssl.bundle=broker").run((context) -> {
			SocketFactory socketFactory = options(context.getBean(SharedMqttClient.class)).getSocketFactory();
			assertThat(socketFactory).isInstanceOf(SslBundleSocketFactory.class);
			try (SSLSocket socket = (SSLSocket) socketFactory.createSocket()) {
				assertThat(socket).isInstanceOf(BufferedInputSslSocket.class);
				assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
				assertThat(socket.getTcpNoDelay()).isTrue();
			}
		});
	}

	@Test
	void sslBundleOptionsChooseProtocolsAndCiphers() {
		this.runner
			.withPropertyValues("mqtt.ssl.bundle=broker",
					"spring.ssl.bundle.pem.broker.options.enabled-protocols=TLSv1.2",
					"spring.ssl.bundle.pem.broker.options.ciphers=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
			.run((context) -> {
				SocketFactory socketFactory = options(context.getBean(SharedMqttClient.class)).getSocketFactory();
				try (SSLSocket socket = (SSLSocket) socketFactory.createSocket()) {
					assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.2");
					assertThat(socket.getEnabledCipherSuites())
						.containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
				}
			});
	}

	@Test
	void withoutSslBundlePahoUsesTheJvmDefaultTrustStore() {
		this.runner.run((context) -> assertThat(options(context.getBean(SharedMqttClient.class)).getSocketFactory())
			.isNull());
	}

	@Test
	void sslBundleOfConnectionDetailsIsUsedWithoutTheProperty() {
		this.runner.withBean(MqttConnectionDetails.class, () -> new MqttConnectionDetails() {

			@Override
			public List<String> getServerUris() {
				return List.of("wss://127.0.0.1:1");
			}

			@Override
			public SslBundle getSslBundle() {
				return SslBundle.systemDefault();
			}

		})
			.run((context) -> assertThat(options(context.getBean(SharedMqttClient.class)).getSocketFactory())
				.isInstanceOf(SslBundleSocketFactory.class));
	}

	@Test
	void sslBundleWithPlainServerUriIsRefusedAtStartup() {
		this.runner.withPropertyValues("mqtt.ssl.bundle=broker", "mqtt.server-uris=ssl://127.0.0.1:1,tcp://127.0.0.1:2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("mqtt.ssl.bundle")
					.hasMessageContaining(
							"An SSL bundle is for ssl:// and wss:// server URIs, but [tcp://127.0.0.1:2]");
			});
	}

	@Test
	void unknownSslBundleFailsStartupNamingIt() {
		this.runner.withPropertyValues("mqtt.ssl.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property mqtt.ssl.bundle with value 'missing' is invalid: There is no SSL "
						+ "bundle of that name");
		});
	}

	@Test
	void hostnameVerificationIsOnUnlessTurnedOffWhichIsWarnedAbout(CapturedOutput output) {
		this.runner.run((context) -> assertThat(options(context.getBean(SharedMqttClient.class))
			.isHttpsHostnameVerificationEnabled()).isTrue());
		assertThat(output).doesNotContain("Hostname verification");
		this.runner.withPropertyValues("mqtt.ssl.verify-hostname=false").run((context) -> {
			assertThat(options(context.getBean(SharedMqttClient.class)).isHttpsHostnameVerificationEnabled()).isFalse();
			assertThat(output).contains("Hostname verification of the MQTT broker's certificate is off");
		});
	}

	@Test
	void webSocketHeadersAreHandedToPaho() {
		this.runner
			.withPropertyValues("mqtt.server-uris=ws://127.0.0.1:1", "mqtt.websocket-headers.X-Api-Key=abc",
					"mqtt.websocket-headers.X-Tenant=fleet")
			.run((context) -> assertThat(options(context.getBean(SharedMqttClient.class)).getCustomWebSocketHeaders())
				.containsEntry("X-Api-Key", "abc")
				.containsEntry("X-Tenant", "fleet"));
	}

	@Test
	void passwordOverPlainUrisIsWarnedAboutNamingThemButNotThePassword(CapturedOutput output) {
		this.runner
			.withPropertyValues("mqtt.server-uris=ssl://127.0.0.1:1,tcp://127.0.0.1:2,ws://127.0.0.1:3",
					"mqtt.username=app", "mqtt.password=Plain-Text-Secret")
			.run((context) -> assertThat(output)
				.contains("The MQTT password is sent unencrypted to [tcp://127.0.0.1:2, ws://127.0.0.1:3]")
				.doesNotContain("Plain-Text-Secret"));
	}

	@Test
	void passwordOverTlsOnlyIsNotWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("mqtt.server-uris=ssl://127.0.0.1:1,wss://127.0.0.1:2", "mqtt.password=secret")
			.run((context) -> assertThat(output).doesNotContain("sent unencrypted"));
	}

	@Test
	void mqttPasswordIsSanitizedWhateverTheSpellingOfItsKey() {
		this.runner.run((context) -> {
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			for (String key : List.of("mqtt.password", "MQTT_PASSWORD")) {
				assertThat(function.applyUnlessFiltered(new SanitizableData(null, key, "secret")).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			assertThat(function.applyUnlessFiltered(new SanitizableData(null, "mqtt.username", "app")).getValue())
				.isEqualTo("app");
		});
	}

	@Test
	void noSanitizingFunctionWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SanitizingFunction.class)
				.hasSingleBean(SslBundles.class));
	}

	private static MqttConnectionOptions options(SharedMqttClient client) {
		return MqttContexts.pahoOptions(client);
	}

}
