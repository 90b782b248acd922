package io.mqttspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the tests of the annotated class against an in-process MQTT broker (HiveMQ CE
 * embedded) listening on the loopback interface.
 * <p>
 * In a Spring test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, ...) the broker is
 * started before the application context is refreshed, the property named by
 * {@link #serverUrisProperty()} is set to its URI, so the application connects to it, and
 * the broker is a bean of the context, of type
 * {@link io.mqttspring.autoconfigure.embedded.EmbeddedMqttBroker}. It belongs to that
 * context: test classes that share a cached context share its broker, test classes with
 * different configurations get a broker each, and the broker stops when its context is
 * closed ({@code @DirtiesContext}, eviction from the context cache, or the end of the test
 * JVM).
 * <p>
 * Without Spring the broker is started before the class's tests and stopped after them.
 * <p>
 * Either way, a test method, lifecycle method or constructor parameter of type
 * {@code String} annotated with {@link MqttServerUri @MqttServerUri} receives the broker's
 * URI, {@code tcp://127.0.0.1:<port>}.
 *
 * @see MqttTestClient
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedMqttBrokerExtension.class)
public @interface EmbeddedMqttBroker {

	/**
	 * The property that is set to the broker's URI in a Spring test.
	 * @return the property name
	 */
	String serverUrisProperty() default "mqtt.server-uris";

	/**
	 * The port the broker listens on; {@code 0} (the default) picks a free one, so that
	 * brokers of several contexts or of tests running in parallel do not clash.
	 * @return the port
	 */
	int port() default 0;

}
