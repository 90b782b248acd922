package io.mqttspring.connection;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SharedMqttClientTests {

	private static SharedMqttClient client(String... serverUris) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(serverUris);
		return new SharedMqttClient("status-client", options, new FixedBackOff(1000), false);
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
		assertThat(plain.getConnectionOptions().getSocketFactory()).isInstanceOf(TcpNoDelaySocketFactory.class);
		try (java.net.Socket socket = plain.getConnectionOptions().getSocketFactory().createSocket()) {
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
		SharedMqttClient tls = client("ssl://127.0.0.1:1");
		assertThat(tls.getConnectionOptions().getSocketFactory()).isNull();
		plain.destroy();
		tls.destroy();
	}

	@Test
	void malformedTopicFilterIsRefusedWithFilterInMessage() {
		SharedMqttClient client = client("tcp://127.0.0.1:1");
		assertThatIllegalArgumentException().isThrownBy(() -> client.subscribe("a/#/b", 1, MqttInboundDelivery::acknowledge)).withMessageStartingWith("Invalid topic filter 'a/#/b'");
		assertThatIllegalArgumentException().isThrownBy(() -> client.subscribe("$share/group", 1, MqttInboundDelivery::acknowledge)).withMessageContaining("expected $share/<group>/<filter>");
		client.destroy();
	}

}
