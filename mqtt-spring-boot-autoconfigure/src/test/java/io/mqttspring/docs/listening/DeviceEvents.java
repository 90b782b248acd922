package io.mqttspring.docs.listening;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import io.mqttspring.connection.MqttSubscriptionHandle;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;

/**
 * Subscriptions to topics known only at runtime, for docs/listening.md.
 */
@Component
public class DeviceEvents {

	private final MqttListenerEndpointRegistry registry;

	private final Map<String, MqttSubscriptionHandle> subscriptions = new ConcurrentHashMap<>();

	private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

	public DeviceEvents(MqttListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	// tag::subscribe[]
	public void follow(String deviceId) {
		MqttSubscriptionHandle handle = this.registry.subscribe("devices/" + deviceId + "/events", 1,
				(message) -> onEvent(deviceId, (byte[]) message.getPayload(), message.getHeaders()));
		this.subscriptions.put(deviceId, handle);
	}

	public void unfollow(String deviceId) {
		MqttSubscriptionHandle handle = this.subscriptions.remove(deviceId);
		if (handle != null) {
			handle.unsubscribe();
		}
	}
	// end::subscribe[]

	private void onEvent(String deviceId, byte[] payload, MessageHeaders headers) {
		this.events.add(deviceId + " (QoS " + headers.get(MqttHeaders.RECEIVED_QOS) + "): "
				+ new String(payload, StandardCharsets.UTF_8));
	}

	public BlockingQueue<String> events() {
		return this.events;
	}

}
