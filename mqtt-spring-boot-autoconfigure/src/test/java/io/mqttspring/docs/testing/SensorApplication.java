package io.mqttspring.docs.testing;

import io.mqttspring.docs.quickstart.OrderEvents;
import io.mqttspring.docs.quickstart.TemperatureListener;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The application that the tests of docs/testing.md test: the quick start's beans, with
 * everything auto-configured.
 */
@SpringBootApplication
@Import({ OrderEvents.class, TemperatureListener.class })
class SensorApplication {

}
