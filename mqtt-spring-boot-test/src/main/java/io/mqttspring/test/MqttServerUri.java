package io.mqttspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a test method, lifecycle method or test constructor
 * that receives the URI of the {@link EmbeddedMqttBroker @EmbeddedMqttBroker} of the test
 * class, {@code tcp://127.0.0.1:<port>}:
 * <pre class="code">
 * &#64;Test
 * void sendsReadings(&#64;MqttServerUri String serverUri) {
 *     try (MqttTestClient client = MqttTestClient.connect(serverUri)) {
 *         ...
 *     }
 * }
 * </pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MqttServerUri {

}
