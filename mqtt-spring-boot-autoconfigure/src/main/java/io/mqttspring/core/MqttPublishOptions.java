package io.mqttspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.mqttspring.connection.transport.MqttPublishProperties;

/**
 * The settings of one publish, for
 * {@link MqttOperations#publish(String, Object, java.util.function.Consumer)}:
 * <pre>
 * template.publish("orders/42", order, (options) -&gt; options.qos(2)
 *     .retained(true)
 *     .messageExpiry(Duration.ofMinutes(5))
 *     .contentType("application/json")
 *     .userProperty("tenant", "acme"));
 * </pre>
 * Settings not given keep the template's defaults.
 */
public final class MqttPublishOptions {

	private int qos;

	private boolean retained;

	private final MqttPublishProperties.Builder properties = MqttPublishProperties.builder();

	MqttPublishOptions(int qos, boolean retained) {
		this.qos = qos;
		this.retained = retained;
	}

	/**
	 * Set the QoS.
	 * @param qos 0, 1 or 2
	 * @return these options
	 */
	public MqttPublishOptions qos(int qos) {
		this.qos = qos;
		return this;
	}

	/**
	 * Set whether the broker retains the message.
	 * @param retained whether retained
	 * @return these options
	 */
	public MqttPublishOptions retained(boolean retained) {
		this.retained = retained;
		return this;
	}

	/**
	 * Set how long the broker keeps the message for subscribers that have not received it.
	 * @param expiry the expiry, in whole seconds
	 * @return these options
	 */
	public MqttPublishOptions messageExpiry(Duration expiry) {
		this.properties.messageExpiryInterval(expiry.toSeconds());
		return this;
	}

	/**
	 * Set the MQTT 5 content type.
	 * @param contentType a MIME type, such as {@code application/json}
	 * @return these options
	 */
	public MqttPublishOptions contentType(String contentType) {
		this.properties.contentType(contentType);
		return this;
	}

	/**
	 * Set the MQTT 5 payload format indicator, independently of the content type.
	 * @param utf8 whether the payload is UTF-8 text
	 * @return these options
	 */
	public MqttPublishOptions payloadFormatIndicator(boolean utf8) {
		this.properties.utf8Payload(utf8);
		return this;
	}

	/**
	 * Set the topic a responder should reply to.
	 * @param responseTopic the response topic
	 * @return these options
	 */
	public MqttPublishOptions responseTopic(String responseTopic) {
		this.properties.responseTopic(responseTopic);
		return this;
	}

	/**
	 * Set the correlation data a responder copies into its reply.
	 * @param correlationData the correlation data
	 * @return these options
	 */
	public MqttPublishOptions correlationData(byte[] correlationData) {
		this.properties.correlationData(correlationData);
		return this;
	}

	/**
	 * Set the correlation data a responder copies into its reply.
	 * @param correlationData the correlation data, sent as UTF-8
	 * @return these options
	 */
	public MqttPublishOptions correlationData(String correlationData) {
		return correlationData(correlationData.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Add an MQTT 5 user property; a name may be added more than once.
	 * @param name the name
	 * @param value the value
	 * @return these options
	 */
	public MqttPublishOptions userProperty(String name, String value) {
		this.properties.userProperty(name, value);
		return this;
	}

	int qos() {
		return this.qos;
	}

	boolean retained() {
		return this.retained;
	}

	MqttPublishProperties.Builder properties() {
		return this.properties;
	}

}
