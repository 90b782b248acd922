package io.mqttspring.connections;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.connection.MqttConnectedEvent;
import io.mqttspring.connection.MqttConnectionLostEvent;
import io.mqttspring.connection.MqttCredentials;
import io.mqttspring.connection.MqttCredentialsProvider;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.EchoListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials from an {@link MqttCredentialsProvider} bean, asked for before every connect
 * attempt, against a Mosquitto with a password file: a rotated password is picked up at
 * the next reconnect without a restart, a failing provider does not end the reconnects,
 * and refused credentials are asked for again at once, then with back-off.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsProviderTests {

	private static final String FIRST_PASSWORD = "Rotating-First-1";

	private static final String SECOND_PASSWORD = "Rotating-Second-2";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withPasswords("device", FIRST_PASSWORD);

	@Test
	void aRotatedPasswordIsUsedAtTheNextReconnectAndTheProviderIsAskedOncePerAttempt(CapturedOutput output) {
		RotatingPassword provider = new RotatingPassword(FIRST_PASSWORD);
		MqttContexts.runner(mosquitto.uri())
			.withBean(MqttCredentialsProvider.class, () -> provider)
			.withBean(RecordedEvents.class)
			.withUserConfiguration(EchoListener.class)
			.run((context) -> {
				EchoListener.assertRoundTrip(context, "with the first password");
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				mosquitto.stop();
				mosquitto.withPasswords("device", SECOND_PASSWORD);
				provider.password = SECOND_PASSWORD;
				mosquitto.start();
				await().atMost(Duration.ofSeconds(20)).until(() -> client.getStatus().reconnects() == 1);
				EchoListener.assertRoundTrip(context, "with the second password");
				RecordedEvents events = context.getBean(RecordedEvents.class);
				long failedAttempts = events.ofType(MqttConnectionFailedEvent.class)
					.stream()
					.filter((event) -> !(event instanceof MqttConnectionLostEvent))
					.count();
				long connects = events.ofType(MqttConnectedEvent.class).size();
				assertThat(provider.calls.get()).isEqualTo(failedAttempts + connects);
				assertThat(provider.connectionNames).containsOnly("default");
			});
		assertThat(output).doesNotContain(FIRST_PASSWORD).doesNotContain(SECOND_PASSWORD);
	}

	@Test
	void aProviderThatThrowsTwiceDoesNotEndTheReconnectsAndItsErrorIsLoggedWithoutTheSecret(CapturedOutput output) {
		AtomicInteger calls = new AtomicInteger();
		MqttCredentialsProvider failingTwice = (connectionName) -> {
			if (calls.incrementAndGet() <= 2) {
				throw new IllegalStateException("vault unreachable while fetching " + FIRST_PASSWORD);
			}
			return new MqttCredentials("device", FIRST_PASSWORD.toCharArray());
		};
		MqttContexts.runner(mosquitto.uri())
			.withBean(MqttCredentialsProvider.class, () -> failingTwice)
			.run((context) -> {
				MqttContexts.awaitConnected(context);
				assertThat(calls.get()).isEqualTo(3);
			});
		assertThat(output).contains("the credentials provider failed with java.lang.IllegalStateException")
			.doesNotContain(FIRST_PASSWORD);
	}

	@Test
	void refusedCredentialsAreAskedForAgainAtOnceAndThenWithBackOff() {
		RotatingPassword provider = new RotatingPassword("Wrong-Password-0");
		MqttContexts.runner(mosquitto.uri())
			.withPropertyValues("mqtt.reconnect.min-delay=1s", "mqtt.reconnect.max-delay=4s")
			.withBean(MqttCredentialsProvider.class, () -> provider)
			.run((context) -> {
				await().atMost(Duration.ofSeconds(20)).until(() -> provider.callTimes.size() >= 3);
				List<Long> times = provider.callTimes;
				long quickRetry = (times.get(1) - times.get(0)) / 1_000_000;
				long backedOff = (times.get(2) - times.get(1)) / 1_000_000;
				System.out.println("Refused credentials: asked again after " + quickRetry + " ms, then after "
						+ backedOff + " ms");
				assertThat(quickRetry).isLessThan(500);
				// The minimum delay, with a jitter of half of it
				assertThat(backedOff).isGreaterThanOrEqualTo(450);
				assertThat(context.getBean(SharedMqttClient.class).getLastDisconnectReason())
					.isEqualTo("reason code 0x87 (Not authorized)");
			});
	}

	static final class RotatingPassword implements MqttCredentialsProvider {

		final AtomicInteger calls = new AtomicInteger();

		final List<Long> callTimes = new CopyOnWriteArrayList<>();

		final List<String> connectionNames = new CopyOnWriteArrayList<>();

		volatile String password;

		RotatingPassword(String password) {
			this.password = password;
		}

		@Override
		public MqttCredentials credentials(String connectionName) {
			this.calls.incrementAndGet();
			this.callTimes.add(System.nanoTime());
			this.connectionNames.add(connectionName);
			return new MqttCredentials("device", this.password.toCharArray());
		}

	}

}
