package io.mqttspring.connection.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT 5 properties of a published or received message; each one is optional. On
 * MQTT 3.1.1 and 3.1 a message has none ({@link #NONE}).
 */
public final class MqttPublishProperties {

	/** No properties. */
	public static final MqttPublishProperties NONE = new Builder().build();

	private final String contentType;

	private final boolean utf8Payload;

	private final Long messageExpiryInterval;

	private final String responseTopic;

	private final byte[] correlationData;

	private final List<UserProperty> userProperties;

	private final List<Integer> subscriptionIdentifiers;

	private MqttPublishProperties(Builder builder) {
		this.contentType = builder.contentType;
		this.utf8Payload = builder.utf8Payload;
		this.messageExpiryInterval = builder.messageExpiryInterval;
		this.responseTopic = builder.responseTopic;
		this.correlationData = builder.correlationData;
		this.userProperties = List.copyOf(builder.userProperties);
		this.subscriptionIdentifiers = List.copyOf(builder.subscriptionIdentifiers);
	}

	/**
	 * Start building properties.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The content type (a MIME type such as {@code application/json}).
	 * @return the content type or {@code null}
	 */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * The payload format indicator: whether the payload is UTF-8 text.
	 * @return whether the payload is declared UTF-8
	 */
	public boolean utf8Payload() {
		return this.utf8Payload;
	}

	/**
	 * How long, in seconds, the broker keeps the message for subscribers that did not get
	 * it yet.
	 * @return the message expiry interval or {@code null}
	 */
	public Long messageExpiryInterval() {
		return this.messageExpiryInterval;
	}

	/**
	 * The topic a responder should reply to.
	 * @return the response topic or {@code null}
	 */
	public String responseTopic() {
		return this.responseTopic;
	}

	/**
	 * The correlation data a responder copies into its reply.
	 * @return the correlation data or {@code null}
	 */
	public byte[] correlationData() {
		return this.correlationData;
	}

	/**
	 * The user properties, in their order.
	 * @return the user properties, never {@code null}
	 */
	public List<UserProperty> userProperties() {
		return this.userProperties;
	}

	/**
	 * The value of the first user property with the name.
	 * @param name the name
	 * @return the value or {@code null}
	 */
	public String userProperty(String name) {
		for (UserProperty property : this.userProperties) {
			if (property.name().equals(name)) {
				return property.value();
			}
		}
		return null;
	}

	/**
	 * The identifiers of the subscriptions a received message matched (received messages
	 * only).
	 * @return the subscription identifiers, never {@code null}
	 */
	public List<Integer> subscriptionIdentifiers() {
		return this.subscriptionIdentifiers;
	}

	/**
	 * Whether no property is set.
	 * @return whether empty
	 */
	public boolean isEmpty() {
		return this.contentType == null && !this.utf8Payload && this.messageExpiryInterval == null
				&& this.responseTopic == null && this.correlationData == null && this.userProperties.isEmpty()
				&& this.subscriptionIdentifiers.isEmpty();
	}

	/**
	 * A builder with these properties, to change some.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder().contentType(this.contentType)
			.utf8Payload(this.utf8Payload)
			.messageExpiryInterval(this.messageExpiryInterval)
			.responseTopic(this.responseTopic)
			.correlationData(this.correlationData);
		builder.userProperties.addAll(this.userProperties);
		builder.subscriptionIdentifiers.addAll(this.subscriptionIdentifiers);
		return builder;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof MqttPublishProperties that && this.utf8Payload == that.utf8Payload
				&& Objects.equals(this.contentType, that.contentType)
				&& Objects.equals(this.messageExpiryInterval, that.messageExpiryInterval)
				&& Objects.equals(this.responseTopic, that.responseTopic)
				&& Arrays.equals(this.correlationData, that.correlationData)
				&& this.userProperties.equals(that.userProperties)
				&& this.subscriptionIdentifiers.equals(that.subscriptionIdentifiers);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.contentType, this.utf8Payload, this.messageExpiryInterval, this.responseTopic,
				Arrays.hashCode(this.correlationData), this.userProperties, this.subscriptionIdentifiers);
	}

	@Override
	public String toString() {
		return "MqttPublishProperties[contentType=" + this.contentType + ", utf8Payload=" + this.utf8Payload
				+ ", messageExpiryInterval=" + this.messageExpiryInterval + ", responseTopic=" + this.responseTopic
				+ ", correlationData=" + ((this.correlationData != null) ? this.correlationData.length + " bytes" : null)
				+ ", userProperties=" + this.userProperties + ", subscriptionIdentifiers="
				+ this.subscriptionIdentifiers + "]";
	}

	/**
	 * Builds {@link MqttPublishProperties}.
	 */
	public static final class Builder {

		private String contentType;

		private boolean utf8Payload;

		private Long messageExpiryInterval;

		private String responseTopic;

		private byte[] correlationData;

		private final List<UserProperty> userProperties = new ArrayList<>();

		private final List<Integer> subscriptionIdentifiers = new ArrayList<>();

		private Builder() {
		}

		public Builder contentType(String contentType) {
			this.contentType = contentType;
			return this;
		}

		public Builder utf8Payload(boolean utf8Payload) {
			this.utf8Payload = utf8Payload;
			return this;
		}

		public Builder messageExpiryInterval(Long seconds) {
			this.messageExpiryInterval = seconds;
			return this;
		}

		public Builder responseTopic(String responseTopic) {
			this.responseTopic = responseTopic;
			return this;
		}

		public Builder correlationData(byte[] correlationData) {
			this.correlationData = correlationData;
			return this;
		}

		/**
		 * Add a user property; a name may be added more than once.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder userProperty(String name, String value) {
			this.userProperties.add(new UserProperty(name, value));
			return this;
		}

		/**
		 * Set a user property, replacing every property of that name.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder replaceUserProperty(String name, String value) {
			this.userProperties.removeIf((property) -> property.name().equals(name));
			return userProperty(name, value);
		}

		public Builder subscriptionIdentifier(int identifier) {
			this.subscriptionIdentifiers.add(identifier);
			return this;
		}

		/**
		 * Whether a property was set.
		 * @return whether empty
		 */
		public boolean isEmpty() {
			return this.contentType == null && !this.utf8Payload && this.messageExpiryInterval == null
					&& this.responseTopic == null && this.correlationData == null && this.userProperties.isEmpty()
					&& this.subscriptionIdentifiers.isEmpty();
		}

		public MqttPublishProperties build() {
			return (isEmpty() && NONE != null) ? NONE : new MqttPublishProperties(this);
		}

	}

}
