package io.mqttspring.test.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.test.MqttServerUri;
import io.mqttspring.test.MqttTestClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * How long the broker of {@code @EmbeddedMqttBroker} lives: the test classes below run
 * inside these tests, one after the other in this JVM, and record the broker they got, so
 * that what happened to it can be checked afterwards.
 */
class EmbeddedMqttBrokerLifecycleTests {

	private static final Map<String, EmbeddedMqttBroker> springBrokers = new ConcurrentHashMap<>();

	private static final Map<String, String> plainBrokerUris = new ConcurrentHashMap<>();

	@Test
	void springTestClassesShareTheBrokerOfTheirContextAndDifferentConfigurationsGetOneEachUntilTheContextCloses() {
		run(FirstTests.class);
		run(SameConfigurationTests.class);
		run(OtherConfigurationTests.class);
		EmbeddedMqttBroker first = springBrokers.get("first");
		EmbeddedMqttBroker other = springBrokers.get("other");
		assertThat(springBrokers.get("same")).isSameAs(first);
		assertThat(other).isNotSameAs(first);
		assertThat(other.getPort()).isNotEqualTo(first.getPort());
		// Both contexts were closed by @DirtiesContext, and their brokers with them
		assertStopped(first.getPort());
		assertStopped(other.getPort());
		assertThat(first.getDirectory()).doesNotExist();
		assertThat(other.getDirectory()).doesNotExist();
	}

	@Test
	void withoutSpringTheBrokerRunsForTheTestClassIncludingItsNestedClasses() {
		run(PlainTests.class);
		assertThat(plainBrokerUris.get("nested")).isEqualTo(plainBrokerUris.get("outer"));
		assertStopped(URI.create(plainBrokerUris.get("outer")).getPort());
	}

	private static void run(Class<?> testClass) {
		Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().allEvents();
		events.failed()
			.stream()
			.flatMap((event) -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).stream())
			.flatMap((result) -> result.getThrowable().stream())
			.findFirst()
			.ifPresent((failure) -> {
				throw new AssertionError(testClass.getSimpleName() + " failed", failure);
			});
		assertThat(events.succeeded().count()).as("events of " + testClass.getSimpleName()).isPositive();
	}

	private static void assertStopped(int port) {
		assertThatIOException().as("connecting to port " + port).isThrownBy(() -> {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				socket.getOutputStream().write(0);
			}
		});
	}

	private static void assertServing(String serverUri) {
		try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
			client.publish("lifecycle/ping", "ping", 1, false);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LifecycleApplication {

	}

	abstract static class RecordingSpringTests {

		@Autowired
		EmbeddedMqttBroker broker;

		@Autowired
		SharedMqttClient connection;

		void record(String name, String serverUri) throws IOException {
			assertThat(serverUri).isEqualTo(this.broker.getServerUri());
			assertThat(Files.isDirectory(this.broker.getDirectory())).isTrue();
			assertServing(serverUri);
			await().atMost(Duration.ofSeconds(10)).until(this.connection::isConnected);
			assertThat(this.connection.getCurrentServerUri()).isEqualTo(serverUri);
			springBrokers.put(name, this.broker);
		}

	}

	@SpringBootTest(classes = LifecycleApplication.class)
	@io.mqttspring.test.EmbeddedMqttBroker
	static class FirstTests extends RecordingSpringTests {

		@Test
		void recordBroker(@MqttServerUri String serverUri) throws IOException {
			record("first", serverUri);
		}

	}

	@SpringBootTest(classes = LifecycleApplication.class)
	@io.mqttspring.test.EmbeddedMqttBroker
	@DirtiesContext
	static class SameConfigurationTests extends RecordingSpringTests {

		@Test
		void recordBroker(@MqttServerUri String serverUri) throws IOException {
			record("same", serverUri);
		}

	}

	@SpringBootTest(classes = LifecycleApplication.class, properties = "spring.application.name=other")
	@io.mqttspring.test.EmbeddedMqttBroker
	@DirtiesContext
	static class OtherConfigurationTests extends RecordingSpringTests {

		@Test
		void recordBroker(@MqttServerUri String serverUri) throws IOException {
			record("other", serverUri);
		}

	}

	@io.mqttspring.test.EmbeddedMqttBroker
	static class PlainTests {

		@Test
		void recordBroker(@MqttServerUri String serverUri) {
			assertServing(serverUri);
			plainBrokerUris.put("outer", serverUri);
		}

		@Nested
		class NestedTests {

			@Test
			void recordBroker(@MqttServerUri String serverUri) {
				assertServing(serverUri);
				plainBrokerUris.put("nested", serverUri);
			}

		}

	}

}
