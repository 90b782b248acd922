package io.mqttspring.connection;

import io.mqttspring.connection.transport.TcpNoDelaySocketFactory;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SharedMqttClientTests {

	private static SharedMqttClient client(String... serverUris) {
		return MqttContexts.pahoV5Client("status-client", serverUris);
	}

	@Test
	void statusBeforeFirstConnectAttemptNamesFirstServerAndIsDisconnected() {
		SharedMqttClient client = client("tcp://127.0.0.1:1", "tcp://127.0.0.1:2");
		MqttConnectionStatus status = client.getStatus();
		assertThat(status.state()).isEqualTo(MqttConnectionState.DISCONNECTED);
		assertThat(status.serverUri()).isEqualTo("tcp://127.0.0.1:1");
		assertThat(status.clientId()).isEqualTo("status-client");
		assertThat(status.lastDisconnectReason()).isNull();
		client.destroy();
	}

	@Test
	void plainConnectionsUseSocketsWithoutNagleDelayAndTlsConnectionsKeepPahosFactory() throws Exception {
		SharedMqttClient plain = client("tcp://127.0.0.1:1", "ws://127.0.0.1:2");
		assertThat(MqttContexts.pahoOptions(plain).getSocketFactory()).isInstanceOf(TcpNoDelaySocketFactory.class);
		try (java.net.Socket socket = MqttContexts.pahoOptions(plain).getSocketFactory().createSocket()) {
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
		SharedMqttClient tls = client("ssl://127.0.0.1:1");
		assertThat(MqttContexts.pahoOptions(tls).getSocketFactory()).isNull();
		plain.destroy();
		tls.destroy();
	}

	@Test
	void malformedTopicFilterIsRefusedWithFilterInMessage() {
		SharedMqttClient client = client("tcp://127.0.0.1:1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> client.subscribe("a/#/b", 1, MqttInboundDelivery::acknowledge))
			.withMessageStartingWith("Invalid topic filter 'a/#/b'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> client.subscribe("$share/group", 1, MqttInboundDelivery::acknowledge))
			.withMessageContaining("expected $share/<group>/<filter>");
		client.destroy();
	}

}
