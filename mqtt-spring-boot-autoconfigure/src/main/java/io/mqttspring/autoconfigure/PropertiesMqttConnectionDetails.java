package io.mqttspring.autoconfigure;

import java.util.List;

import io.mqttspring.connection.transport.MqttProtocolVersion;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * {@link MqttConnectionDetails} taken from the properties of a connection:
 * {@link MqttProperties} for the default one, a named connection's under
 * {@code mqtt.connections}.
 */
class PropertiesMqttConnectionDetails implements MqttConnectionDetails {

	private final MqttConnectionProperties properties;

	private final SslBundles sslBundles;

	private final String prefix;

	/**
	 * Create details.
	 * @param properties the connection's properties
	 * @param sslBundles the SSL bundles, or {@code null}
	 * @param prefix the prefix of the connection's properties, for messages
	 */
	PropertiesMqttConnectionDetails(MqttConnectionProperties properties, SslBundles sslBundles, String prefix) {
		this.properties = properties;
		this.sslBundles = sslBundles;
		this.prefix = prefix;
	}

	@Override
	public List<String> getServerUris() {
		return this.properties.getServerUris();
	}

	@Override
	public String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public MqttProtocolVersion getProtocolVersion() {
		try {
			return MqttProtocolVersion.of(this.properties.getProtocolVersion());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(this.prefix + ".protocol-version",
					this.properties.getProtocolVersion(), "Use 5 (the default), 3.1.1 or 3.1");
		}
	}

	@Override
	public SslBundle getSslBundle() {
		String bundle = this.properties.getSsl().getBundle();
		if (!StringUtils.hasText(bundle)) {
			return null;
		}
		Assert.state(this.sslBundles != null,
				() -> this.prefix + ".ssl.bundle is set but there are no SSL bundles in the context");
		try {
			return this.sslBundles.getBundle(bundle);
		}
		catch (NoSuchSslBundleException ex) {
			// Named after the property, the report shows where the name was set
			throw new InvalidConfigurationPropertyValueException(this.prefix + ".ssl.bundle", bundle,
					"There is no SSL bundle of that name; the SSL bundles are " + this.sslBundles.getBundleNames()
							+ ". Define it with spring.ssl.bundle.pem." + bundle + ".* or spring.ssl.bundle.jks."
							+ bundle + ".*, or name an existing one.");
		}
	}

}
