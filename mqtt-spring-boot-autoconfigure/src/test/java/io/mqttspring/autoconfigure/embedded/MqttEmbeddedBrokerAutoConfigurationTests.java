package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.mqttspring.autoconfigure.MqttAutoConfiguration;
import io.mqttspring.autoconfigure.MqttConnectionDetails;
import io.mqttspring.autoconfigure.MqttListenerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttTemplateAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded HiveMQ CE broker: when it starts, where it keeps its files, and that the
 * application's template and listeners use it.
 */
class MqttEmbeddedBrokerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MqttEmbeddedBrokerAutoConfiguration.class,
				MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class, MqttListenerAutoConfiguration.class))
		.withPropertyValues("mqtt.embedded.port=0");

	@Test
	void startsByDefaultWithoutServerUrisAndCarriesMessagesBetweenTemplateAndListener() {
		this.runner.withUserConfiguration(EchoListener.class).run((context) -> {
			EmbeddedMqttBroker broker = context.getBean(EmbeddedMqttBroker.class);
			assertThat(context.getBean(MqttConnectionDetails.class).getServerUris())
				.containsExactly("tcp://127.0.0.1:" + broker.getPort());
			assertThat(context.getEnvironment().getProperty("local.mqtt.embedded.port", Integer.class))
				.isEqualTo(broker.getPort());
			assertThat(context.getEnvironment().getProperty("mqtt.server-uris")).isEqualTo(broker.getServerUri());
			MqttContexts.awaitSubscribed(context, "embedded/echo");
			context.getBean(MqttTemplate.class).publish("embedded/echo", "ping").get(10, TimeUnit.SECONDS);
			assertThat(context.getBean(EchoListener.class).received.poll(10, TimeUnit.SECONDS)).isEqualTo("ping");
		});
	}

	@Test
	void keepsFilesInTemporaryDirectoryAndRemovesThemWhenContextCloses() throws IOException {
		Path workingDirectory = Path.of("").toAbsolutePath();
		List<Path> before = list(workingDirectory);
		AtomicReference<Path> brokerDirectory = new AtomicReference<>();
		AtomicReference<Integer> port = new AtomicReference<>();
		this.runner.run((context) -> {
			EmbeddedMqttBroker broker = context.getBean(EmbeddedMqttBroker.class);
			brokerDirectory.set(broker.getDirectory());
			port.set(broker.getPort());
			assertThat(broker.getDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
			assertThat(accepting(broker.getPort())).isTrue();
		});
		assertThat(accepting(port.get())).as("broker stopped with the context").isFalse();
		assertThat(brokerDirectory.get()).doesNotExist();
		assertThat(list(workingDirectory)).isEqualTo(before);
	}

	@Test
	void staysOffWhenServerUrisAreSet() {
		this.runner.withPropertyValues("mqtt.server-uris=tcp://127.0.0.1:1")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
	}

	@Test
	void staysOffWhenDisabled() {
		this.runner.withPropertyValues("mqtt.embedded.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
	}

	@Test
	void startsWhenEnabledEvenWithServerUrisAndTakesPrecedence() {
		this.runner.withPropertyValues("mqtt.embedded.enabled=true", "mqtt.server-uris=tcp://127.0.0.1:1")
			.run((context) -> {
				EmbeddedMqttBroker broker = context.getBean(EmbeddedMqttBroker.class);
				assertThat(context.getBean(SharedMqttClient.class).getServerUris())
					.containsExactly(broker.getServerUri());
			});
	}

	@Test
	void staysOffWithoutHiveMqOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(EmbeddedHiveMQ.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class)
				.hasSingleBean(SharedMqttClient.class));
	}

	@Test
	void busyPortFailsTheStartNamingThePortAndTheCause() throws IOException {
		try (ServerSocket otherProcess = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			int port = otherProcess.getLocalPort();
			this.runner.withPropertyValues("mqtt.embedded.port=" + port).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindException.class)
					.hasStackTraceContaining(EmbeddedBrokerStartException.class.getName()
							+ ": Could not start the embedded MQTT broker on port " + port
							+ ": another process listens on 127.0.0.1:" + port + " (Address already in use)");
			});
		}
	}

	private static List<Path> list(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.sorted().toList();
		}
	}

	private static boolean accepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "embedded/echo")
		void onMessage(String text) {
			this.received.add(text);
		}

	}

}
