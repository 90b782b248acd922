package io.mqttspring.resilience;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import io.mqttspring.testsupport.RecordedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that accepts the TCP connection but never answers CONNECT.
 */
class UnresponsiveBrokerTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	private ServerSocket blackHole;

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	@BeforeEach
	void openBlackHole() throws IOException {
		this.blackHole = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		Thread acceptor = new Thread(() -> {
			while (!this.blackHole.isClosed()) {
				try {
					this.held.add(this.blackHole.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@AfterEach
	void closeBlackHole() throws IOException {
		this.blackHole.close();
		for (Socket socket : this.held) {
			socket.close();
		}
	}

	private String blackHoleUri() {
		return "tcp://127.0.0.1:" + this.blackHole.getLocalPort();
	}

	@Test
	void connectAttemptWithoutConnackIsAbandonedAfterConnectionTimeoutAndRetried() {
		MqttContexts.runner(blackHoleUri())
			.withBean(RecordedEvents.class)
			.withPropertyValues("mqtt.connection-timeout=1s")
			.run((context) -> {
				RecordedEvents events = context.getBean(RecordedEvents.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> events.ofType(MqttConnectionFailedEvent.class).size() >= 2);
				assertThat(this.held).hasSizeGreaterThanOrEqualTo(2);
				assertThat(context.getBean(SharedMqttClient.class).isConnected()).isFalse();
			});
	}

	@Test
	void unresponsiveFirstBrokerDoesNotKeepClientFromFailingOverToNextOne() {
		MqttContexts.runner(blackHoleUri() + "," + mosquitto.uri())
			.withPropertyValues("mqtt.connection-timeout=1s")
			.run((context) -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
				assertThat(client.getCurrentServerUri()).isEqualTo(mosquitto.uri());
			});
	}

}
