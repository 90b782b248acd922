package io.mqttspring.test.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application as a user of the starter writes it: it takes orders over MQTT and
 * confirms them; {@link OrderApplicationTests} tests it as its author would.
 */
@SpringBootApplication
public class OrderApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderApplication.class, args);
	}

}
