package io.mqttspring.connection.transport.pahov5;

import io.mqttspring.connection.transport.FailureMessages;
import io.mqttspring.connection.transport.MqttReasonCodes;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.MqttTransportException.Kind;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Translates Paho MQTTv5's exceptions into {@link MqttTransportException}s whose messages
 * say what happened, including the answers of brokers that do not speak MQTT 5.
 */
final class PahoV5Failures {

	private PahoV5Failures() {
	}

	static MqttTransportException connectFailed(Throwable failure, String serverUri) {
		if (failure instanceof MqttException exception) {
			int code = exception.getReasonCode();
			if (isReasonCode(code)) {
				return new MqttTransportException(Kind.REFUSED, "reason code " + MqttReasonCodes.describe(code), code,
						exception);
			}
			if (code == MqttException.REASON_CODE_INVALID_RETURN_CODE) {
				return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
						+ " does not accept MQTT 5: it answered CONNECT with a return code that MQTT 5 does not define, "
						+ "as brokers that speak only MQTT 3.1.1 do (NATS answers 0x01, unacceptable protocol version). "
						+ "Set mqtt.protocol-version=3.1.1", exception);
			}
			if (code == MqttClientException.REASON_CODE_CONNECTION_LOST && isPlain(serverUri)) {
				return new MqttTransportException(Kind.PROTOCOL_VERSION, "the broker at " + serverUri
						+ " closed the connection without answering the MQTT 5 CONNECT, as brokers that speak only MQTT "
						+ "3.1.1 do (RabbitMQ before 3.13): it probably does not accept MQTT 5. If so, set "
						+ "mqtt.protocol-version=3.1.1 (" + describe(exception) + ")", exception);
			}
			if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
				return new MqttTransportException(Kind.TIMEOUT, describe(exception), exception);
			}
		}
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(failure), failure);
	}

	static MqttTransportException connectionLost(MqttDisconnectResponse response) {
		MqttException exception = response.getException();
		if (exception == null) {
			int code = response.getReturnCode();
			return new MqttTransportException(Kind.SERVER_DISCONNECT,
					"broker sent DISCONNECT with reason code " + MqttReasonCodes.describe(code)
							+ ((response.getReasonString() != null) ? ": " + response.getReasonString() : ""),
					code, null);
		}
		if (exception.getReasonCode() == MqttException.REASON_CODE_INVALID_RETURN_CODE) {
			return new MqttTransportException(Kind.UNDECODABLE_REPLY, describe(exception), exception);
		}
		if (isReasonCode(exception.getReasonCode())) {
			return new MqttTransportException(Kind.SERVER_DISCONNECT, describe(exception), exception.getReasonCode(),
					exception);
		}
		return new MqttTransportException(Kind.CONNECTION_LOST, describe(exception), exception);
	}

	static MqttTransportException sendFailed(MqttException exception) {
		Kind kind = switch (exception.getReasonCode()) {
			case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
					MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS,
					MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
					MqttClientException.REASON_CODE_CLIENT_CLOSED,
					MqttClientException.REASON_CODE_CONNECTION_LOST -> Kind.NOT_CONNECTED;
			case MqttClientException.REASON_CODE_MAX_INFLIGHT -> Kind.BUSY;
			default -> Kind.OTHER;
		};
		return new MqttTransportException(kind, describe(exception), exception);
	}

	static String describe(Throwable exception) {
		if (exception instanceof MqttException mqttException && isReasonCode(mqttException.getReasonCode())) {
			return "reason code " + MqttReasonCodes.describe(mqttException.getReasonCode());
		}
		Throwable cause = exception.getCause();
		String message = FailureMessages.describe(exception);
		return (cause != null && message.equals(exception.getMessage())) ? message + " (" + cause + ")" : message;
	}

	private static boolean isReasonCode(int code) {
		return code >= MqttReasonCodes.FIRST_FAILURE_CODE && code <= 0xFF;
	}

	private static boolean isPlain(String serverUri) {
		return serverUri.startsWith("tcp://") || serverUri.startsWith("ws://");
	}

}
