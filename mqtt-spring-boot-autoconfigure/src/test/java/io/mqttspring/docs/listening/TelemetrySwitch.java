package io.mqttspring.docs.listening;

import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.stereotype.Component;

/**
 * Stops and starts a listener at runtime, for docs/listening.md.
 */
@Component
public class TelemetrySwitch {

	private final MqttListenerEndpointRegistry registry;

	public TelemetrySwitch(MqttListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	// tag::registry[]
	public void pause() {
		this.registry.stop("telemetry");   // unsubscribes; the messages in progress finish
	}

	public void resume() {
		this.registry.start("telemetry");  // subscribes again
	}
	// end::registry[]

}
