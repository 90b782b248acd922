package io.mqttspring.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.event.MqttIntegrationEvent;

/**
 * Records the MQTT events of a context; register it as a bean.
 */
public class RecordedEvents implements ApplicationListener<MqttIntegrationEvent> {

	private final List<MqttIntegrationEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(MqttIntegrationEvent event) {
		this.events.add(event);
	}

	/**
	 * The recorded events of a type.
	 * @param <E> the event type
	 * @param type the event type
	 * @return the events in the order they were published
	 */
	public <E extends MqttIntegrationEvent> List<E> ofType(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
