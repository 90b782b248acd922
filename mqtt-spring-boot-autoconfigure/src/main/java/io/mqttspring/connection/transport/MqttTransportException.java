package io.mqttspring.connection.transport;

/**
 * A transport could not do what it was asked, or lost its connection, described in terms
 * that do not depend on the client library underneath.
 */
public class MqttTransportException extends Exception {

	/** The value of {@link #getReasonCode()} when there is no reason code. */
	public static final int NO_REASON_CODE = -1;

	private final Kind kind;

	private final int reasonCode;

	public MqttTransportException(Kind kind, String message, int reasonCode, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.reasonCode = reasonCode;
	}

	public MqttTransportException(Kind kind, String message, Throwable cause) {
		this(kind, message, NO_REASON_CODE, cause);
	}

	/**
	 * What went wrong.
	 * @return the kind of failure
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * The reason code the broker answered with: an MQTT 5 reason code (0x80 and above),
	 * or an MQTT 3.1.1 CONNACK return code (1 to 5) for {@link Kind#REFUSED}.
	 * @return the reason code, or {@link #NO_REASON_CODE}
	 */
	public int getReasonCode() {
		return this.reasonCode;
	}

	/**
	 * The kinds of transport failures.
	 */
	public enum Kind {

		/** Not connected: nothing was sent. */
		NOT_CONNECTED,

		/** The client's own in-flight window is full: nothing was sent. */
		BUSY,

		/** The broker refused the connection, with a reason code. */
		REFUSED,

		/** The broker does not speak the protocol version the client asked for. */
		PROTOCOL_VERSION,

		/** The broker did not answer in time. */
		TIMEOUT,

		/** The network connection failed or was lost. */
		CONNECTION_LOST,

		/** The broker ended the connection with a DISCONNECT, with its reason code. */
		SERVER_DISCONNECT,

		/**
		 * The broker sent a reply the client could not decode (such as a reason code the
		 * packet type does not allow), so the client dropped the connection.
		 */
		UNDECODABLE_REPLY,

		/** Anything else. */
		OTHER

	}

}
