package io.mqttspring.connection.transport.pahov5;

import java.util.Set;
import java.util.function.Consumer;

import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransport;
import io.mqttspring.connection.transport.MqttTransportFactory;
import io.mqttspring.connection.transport.TransportSettings;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Creates {@link PahoV5Transport}s: MQTT 5 on Eclipse Paho.
 */
public class PahoV5TransportFactory implements MqttTransportFactory {

	private final Consumer<MqttConnectionOptions> customizer;

	/**
	 * Create a factory.
	 * @param customizer adjusts Paho's options of every transport after the settings were
	 * applied
	 */
	public PahoV5TransportFactory(Consumer<MqttConnectionOptions> customizer) {
		this.customizer = customizer;
	}

	@Override
	public String name() {
		return "paho";
	}

	@Override
	public Set<MqttProtocolVersion> protocolVersions() {
		return Set.of(MqttProtocolVersion.MQTT_5);
	}

	@Override
	public MqttTransport create(TransportSettings settings) {
		return new PahoV5Transport(settings, this.customizer);
	}

}
