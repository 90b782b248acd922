package io.mqttspring.connection.transport;

/**
 * The size on the wire of a PUBLISH packet, computed without encoding it, to refuse a
 * message that exceeds the broker's Maximum Packet Size before it is sent.
 */
public final class PublishPacketSize {

	private PublishPacketSize() {
	}

	/**
	 * The size of the PUBLISH packet that carries the message over MQTT 5.
	 * @param message the message
	 * @return the packet size in bytes, fixed header included
	 */
	public static long mqtt5(OutboundPublish message) {
		long properties = propertiesLength(message.properties());
		return packet(message, properties + variableByteIntegerLength(properties));
	}

	/**
	 * The size of the PUBLISH packet that carries the message over MQTT 3.1.1 or 3.1,
	 * which has no properties.
	 * @param message the message
	 * @return the packet size in bytes, fixed header included
	 */
	public static long mqtt3(OutboundPublish message) {
		return packet(message, 0);
	}

	private static long packet(OutboundPublish message, long propertiesField) {
		long remaining = utf8Field(message.topic()) + ((message.qos() > 0) ? 2 : 0) + propertiesField
				+ message.payload().length;
		return 1 + variableByteIntegerLength(remaining) + remaining;
	}

	private static long propertiesLength(MqttPublishProperties properties) {
		if (properties.isEmpty()) {
			return 0;
		}
		long length = 0;
		if (properties.utf8Payload()) {
			length += 2;
		}
		if (properties.messageExpiryInterval() != null) {
			length += 5;
		}
		if (properties.contentType() != null) {
			length += 1 + utf8Field(properties.contentType());
		}
		if (properties.responseTopic() != null) {
			length += 1 + utf8Field(properties.responseTopic());
		}
		if (properties.correlationData() != null) {
			length += 3 + properties.correlationData().length;
		}
		for (UserProperty property : properties.userProperties()) {
			length += 1 + utf8Field(property.name()) + utf8Field(property.value());
		}
		return length;
	}

	private static long utf8Field(String value) {
		return 2 + utf8Length(value);
	}

	static long utf8Length(String value) {
		long length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length += 1;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private static int variableByteIntegerLength(long value) {
		int length = 1;
		while (value >= 128) {
			value >>= 7;
			length++;
		}
		return length;
	}

}
