package io.mqttspring.connection.transport;

/**
 * Readable names for the MQTT 5 reason codes a broker answers with.
 */
public final class MqttReasonCodes {

	/** Reason codes at or above this value mean failure (MQTT 5, section 2.4). */
	public static final int FIRST_FAILURE_CODE = 0x80;

	private MqttReasonCodes() {
	}

	/**
	 * Whether the reason code reports a failure.
	 * @param reasonCode an MQTT 5 reason code
	 * @return {@code true} for codes 0x80 and above
	 */
	public static boolean isFailure(int reasonCode) {
		return reasonCode >= FIRST_FAILURE_CODE;
	}

	/**
	 * Describe a reason code as {@code 0x87 (Not authorized)}.
	 * @param reasonCode an MQTT 5 reason code
	 * @return the code in hexadecimal with its name from the MQTT 5 specification
	 */
	public static String describe(int reasonCode) {
		return String.format("0x%02X (%s)", reasonCode, name(reasonCode));
	}

	private static String name(int reasonCode) {
		return switch (reasonCode) {
			case 0x00 -> "Success";
			case 0x01 -> "Granted QoS 1";
			case 0x02 -> "Granted QoS 2";
			case 0x10 -> "No matching subscribers";
			case 0x80 -> "Unspecified error";
			case 0x81 -> "Malformed packet";
			case 0x82 -> "Protocol error";
			case 0x83 -> "Implementation specific error";
			case 0x84 -> "Unsupported protocol version";
			case 0x85 -> "Client identifier not valid";
			case 0x86 -> "Bad user name or password";
			case 0x87 -> "Not authorized";
			case 0x88 -> "Server unavailable";
			case 0x89 -> "Server busy";
			case 0x8A -> "Banned";
			case 0x8B -> "Server shutting down";
			case 0x8C -> "Bad authentication method";
			case 0x8D -> "Keep alive timeout";
			case 0x8E -> "Session taken over";
			case 0x8F -> "Topic filter invalid";
			case 0x90 -> "Topic name invalid";
			case 0x91 -> "Packet identifier in use";
			case 0x92 -> "Packet identifier not found";
			case 0x93 -> "Receive maximum exceeded";
			case 0x94 -> "Topic alias invalid";
			case 0x95 -> "Packet too large";
			case 0x96 -> "Message rate too high";
			case 0x97 -> "Quota exceeded";
			case 0x98 -> "Administrative action";
			case 0x99 -> "Payload format invalid";
			case 0x9A -> "Retain not supported";
			case 0x9B -> "QoS not supported";
			case 0x9C -> "Use another server";
			case 0x9D -> "Server moved";
			case 0x9E -> "Shared subscriptions not supported";
			case 0x9F -> "Connection rate exceeded";
			case 0xA0 -> "Maximum connect time";
			case 0xA1 -> "Subscription identifiers not supported";
			case 0xA2 -> "Wildcard subscriptions not supported";
			default -> "Unknown reason code";
		};
	}

}
