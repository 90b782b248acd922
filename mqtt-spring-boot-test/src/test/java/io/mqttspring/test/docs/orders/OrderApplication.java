package io.mqttspring.test.docs.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the complete example of docs/testing.md, as a user of the starter
 * writes it: it takes orders over MQTT and confirms them. In a package of its own, so
 * that its component scan finds {@link OrderDesk} and nothing else of this module.
 */
// tag::application[]
@SpringBootApplication
public class OrderApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderApplication.class, args);
	}

}
// end::application[]
