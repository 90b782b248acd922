package io.mqttspring.connection.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps Paho's internal loggers from writing a line per message into the application's
 * log, without hiding its warnings and errors.
 * <p>
 * Paho logs through {@code java.util.logging}, under the names of its classes, and Spring
 * Boot passes those records on to the application's logging at the application's levels.
 * Paho MQTTv5 1.2.5 logs at INFO for every QoS 2 message it receives ("Creating
 * MqttPubComp", and again with manual acknowledgements), and at FINE for every packet:
 * with the root level at INFO or DEBUG, a QoS 2 listener fills the log and spends its time
 * formatting lines. So Paho's loggers are set to WARNING, unless the application chose a
 * level for them or a parent of theirs (such as {@code logging.level.org.eclipse.paho}
 * in Spring Boot, or a {@code logging.properties} entry): that choice stands.
 */
public final class PahoLogging {

	/** The packages of the Paho clients' loggers. */
	static final List<String> LOGGERS = List.of("org.eclipse.paho.mqttv5.client", "org.eclipse.paho.client.mqttv3");

	// Held here: java.util.logging keeps its loggers only weakly, and a logger collected
	// and created again has lost its level
	private static final Map<String, Logger> quieted = new ConcurrentHashMap<>();

	private PahoLogging() {
	}

	/**
	 * Set Paho's loggers to WARNING where the application did not choose a level. Called
	 * for every transport created: a logging system that is initialized again (another
	 * application context in the same JVM) resets the levels.
	 */
	public static void quietPerMessageLogging() {
		for (String name : LOGGERS) {
			if (!chosenByApplication(name)) {
				Logger logger = Logger.getLogger(name);
				logger.setLevel(Level.WARNING);
				quieted.put(name, logger);
			}
		}
	}

	private static boolean chosenByApplication(String name) {
		LogManager manager = LogManager.getLogManager();
		for (String current = name; !current.isEmpty(); current = parent(current)) {
			Logger logger = manager.getLogger(current);
			Level level = (logger != null) ? logger.getLevel() : null;
			if (level != null && !(level == Level.WARNING && quieted.get(current) == logger)) {
				return true;
			}
		}
		return false;
	}

	private static String parent(String name) {
		int dot = name.lastIndexOf('.');
		return (dot > 0) ? name.substring(0, dot) : "";
	}

}
