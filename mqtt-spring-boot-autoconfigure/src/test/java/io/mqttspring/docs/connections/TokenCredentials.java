package io.mqttspring.docs.connections;

import java.time.Duration;
import java.time.Instant;

import io.mqttspring.connection.MqttCredentials;
import io.mqttspring.connection.MqttCredentialsProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Credentials that expire, fetched again at every connect, for docs/connections.md.
 */
// tag::credentials-provider[]
@Configuration(proxyBeanMethods = false)
public class TokenCredentials {

	@Bean
	MqttCredentialsProvider mqttCredentialsProvider(TokenService tokens) {
		// Asked before every connect attempt: a reconnect after the token expired gets a new one
		return (connectionName) -> new MqttCredentials("device-7",
				tokens.issue("mqtt:" + connectionName, Duration.ofMinutes(15)).toCharArray());
	}

}
// end::credentials-provider[]

/**
 * Issues short-lived tokens, such as a JWT from an identity provider.
 */
interface TokenService {

	String issue(String audience, Duration lifetime);

}

/**
 * A token service for the snippet's test.
 */
class FixedTokenService implements TokenService {

	@Override
	public String issue(String audience, Duration lifetime) {
		return audience + "@" + Instant.now().plus(lifetime).getEpochSecond();
	}

}
