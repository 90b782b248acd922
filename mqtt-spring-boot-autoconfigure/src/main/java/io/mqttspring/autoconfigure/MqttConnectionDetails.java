package io.mqttspring.autoconfigure;

import java.util.List;

import io.mqttspring.connection.transport.MqttProtocolVersion;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Details required to establish a connection to an MQTT broker.
 */
public interface MqttConnectionDetails extends ConnectionDetails {

	/**
	 * The broker URIs, tried in order.
	 * @return the server URIs
	 */
	List<String> getServerUris();

	/**
	 * Login user of the broker.
	 * @return the user name or {@code null}
	 */
	default String getUsername() {
		return null;
	}

	/**
	 * Login password of the broker.
	 * @return the password or {@code null}
	 */
	default String getPassword() {
		return null;
	}

	/**
	 * The MQTT protocol version the broker speaks.
	 * @return the version, MQTT 5 unless the broker needs another
	 */
	default MqttProtocolVersion getProtocolVersion() {
		return MqttProtocolVersion.MQTT_5;
	}

	/**
	 * SSL bundle for the "ssl" and "wss" server URIs: the broker's trust material and,
	 * for mutual TLS, the client's key and certificate.
	 * @return the SSL bundle or {@code null} to use the JVM's default trust store
	 */
	default SslBundle getSslBundle() {
		return null;
	}

}
