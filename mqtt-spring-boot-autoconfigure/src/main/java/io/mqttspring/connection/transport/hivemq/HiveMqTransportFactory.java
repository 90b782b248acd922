package io.mqttspring.connection.transport.hivemq;

import java.util.Set;

import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportFactory;
import io.mqttspring.connection.transport.TransportSettings;

/**
 * Creates {@link HiveMqTransport}s: MQTT 5 and 3.1.1 on the HiveMQ MQTT client
 * ({@code mqtt.transport=hivemq}).
 */
public class HiveMqTransportFactory implements MqttTransportFactory {

	/** The name of the transport in {@code mqtt.transport}. */
	public static final String NAME = "hivemq";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Set<MqttProtocolVersion> protocolVersions() {
		return Set.of(MqttProtocolVersion.MQTT_5, MqttProtocolVersion.MQTT_3_1_1);
	}

	@Override
	public MqttTransport create(TransportSettings settings) {
		return new HiveMqTransport(settings);
	}

}
