package io.mqttspring.security;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application with everything auto-configured (web, actuator), as a user's
 * application has it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecuredApplication {

}
