package io.mqttspring.connection.transport.pahov3;

import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.MqttTransportException.Kind;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Translates Paho MQTTv3's exceptions into {@link MqttTransportException}s. A refused
 * CONNECT carries the MQTT 5 reason code of the same meaning (return code 4, bad user name
 * or password, becomes 0x86), so that refusals are handled alike for every version.
 */
final class PahoV3Failures {

	private PahoV3Failures() {
	}

	static MqttTransportException connectFailed(Throwable failure, String serverUri, MqttProtocolVersion version) {
		if (failure instanceof MqttException exception) {
			int code = exception.getReasonCode();
			if (code == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION) {
				String alternatives = (version == MqttProtocolVersion.MQTT_3_1) ? "3.1.1 or 5" : "5 or 3.1";
				return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
						+ " does not accept " + version + ": it answered CONNECT with return code 1 (unacceptable "
						+ "protocol version). Set mqtt.protocol-version to " + alternatives, 0x84, exception);
			}
			if (code >= MqttException.REASON_CODE_INVALID_CLIENT_ID
					&& code <= MqttException.REASON_CODE_NOT_AUTHORIZED) {
				return new MqttTransportException(Kind.REFUSED,
						"return code " + code + " (" + returnCodeName(code) + ")", mqtt5ReasonCode(code), exception);
			}
			if (code == MqttException.REASON_CODE_CONNECTION_LOST && version == MqttProtocolVersion.MQTT_3_1
					&& (serverUri.startsWith("tcp://") || serverUri.startsWith("ws://"))) {
				return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
						+ " closed the connection without answering the MQTT 3.1 CONNECT, as brokers that speak only "
						+ "MQTT 3.1.1 do (NATS): it probably does not accept MQTT 3.1. If so, set "
						+ "mqtt.protocol-version=3.1.1 (" + describe(exception) + ")", exception);
			}
			if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
				return new MqttTransportException(Kind.TIMEOUT, describe(exception), exception);
			}
		}
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(failure), failure);
	}

	static MqttTransportException connectionLost(Throwable cause) {
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(cause), cause);
	}

	static MqttTransportException sendFailed(MqttException exception) {
		Kind kind = switch (exception.getReasonCode()) {
			case MqttException.REASON_CODE_CLIENT_NOT_CONNECTED, MqttException.REASON_CODE_CONNECT_IN_PROGRESS,
					MqttException.REASON_CODE_CLIENT_DISCONNECTING, MqttException.REASON_CODE_CLIENT_CLOSED,
					MqttException.REASON_CODE_CONNECTION_LOST -> Kind.NOT_CONNECTED;
			case MqttException.REASON_CODE_MAX_INFLIGHT -> Kind.BUSY;
			default -> Kind.OTHER;
		};
		return new MqttTransportException(kind, describe(exception), exception);
	}

	static String describe(Throwable exception) {
		Throwable cause = exception.getCause();
		String message = FailureMessages.describe(exception);
		return (cause != null && message.equals(exception.getMessage())) ? message + " (" + cause + ")" : message;
	}

	private static String returnCodeName(int code) {
		return switch (code) {
			case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "identifier rejected";
			case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "server unavailable";
			case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password";
			default -> "not authorized";
		};
	}

	private static int mqtt5ReasonCode(int code) {
		return switch (code) {
			case MqttException.REASON_CODE_INVALID_CLIENT_ID -> 0x85;
			case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> 0x88;
			case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> 0x86;
			default -> 0x87;
		};
	}

}
