package io.mqttspring.connection.transport.pahov3;

import java.util.Set;
import java.util.function.Consumer;

import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportFactory;
import io.mqttspring.connection.transport.TransportSettings;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Creates {@link PahoV3Transport}s: MQTT 3.1.1 and 3.1 on Eclipse Paho.
 */
public class PahoV3TransportFactory implements MqttTransportFactory {

	private final Consumer<MqttConnectOptions> customizer;

	/**
	 * Create a factory.
	 * @param customizer adjusts Paho's options of every transport after the settings were
	 * applied
	 */
	public PahoV3TransportFactory(Consumer<MqttConnectOptions> customizer) {
		this.customizer = customizer;
	}

	@Override
	public String name() {
		return "paho";
	}

	@Override
	public Set<MqttProtocolVersion> protocolVersions() {
		return Set.of(MqttProtocolVersion.MQTT_3_1_1, MqttProtocolVersion.MQTT_3_1);
	}

	@Override
	public MqttTransport create(TransportSettings settings) {
		return new PahoV3Transport(settings, this.customizer);
	}

}
