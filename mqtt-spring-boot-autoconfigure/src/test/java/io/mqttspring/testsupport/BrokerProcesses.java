package io.mqttspring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the broker fixtures that run a broker binary have in common: finding the binary,
 * free loopback ports, signals, and waiting until MQTT works.
 */
final class BrokerProcesses {

	static final String HOST = "127.0.0.1";

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

	private BrokerProcesses() {
	}

	/**
	 * Skip the test class when a binary is missing, or fail it on CI, where the missing
	 * binary means the CI script did not install it and skipping would hide that.
	 * @param binary the binary's path
	 * @param debianPackage the Debian package that installs it
	 */
	static void requireBinary(Path binary, String debianPackage) {
		if (!Files.isExecutable(binary)) {
			String message = binary + " not found: install the Debian package '" + debianPackage + "'";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait until the broker answers an MQTT 3.1.1 CONNECT with CONNACK 0: an open port
	 * alone is not enough, as both NATS (JetStream streams) and RabbitMQ (its client ID
	 * tracker) may refuse or stall the first clients while they finish starting.
	 * @param name the broker's name for the error message
	 * @param port the MQTT port
	 * @param timeout the longest time to wait
	 * @param process the broker's process, which must stay alive
	 * @param log the broker's output, for the error message
	 */
	static void awaitMqtt(String name, int port, Duration timeout, Process process, Supplier<String> log) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String lastAnswer = "no answer yet";
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with code " + process.exitValue()
						+ " while starting on port " + port + ":\n" + log.get());
			}
			try {
				OptionalInt returnCode = MqttConnectProbe.connect(port, MqttProtocol.MQTT_3_1_1, PROBE_TIMEOUT);
				if (returnCode.isPresent() && returnCode.getAsInt() == 0) {
					return;
				}
				lastAnswer = returnCode.isPresent() ? "CONNACK return code " + returnCode.getAsInt()
						: "connection closed without CONNACK";
			}
			catch (IOException ex) {
				lastAnswer = ex.toString();
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(name + " did not accept an MQTT connection on port " + port
						+ " within " + timeout.toSeconds() + "s (last answer: " + lastAnswer + "):\n" + log.get());
			}
			sleep(100);
		}
	}

	/**
	 * Send a signal with the {@code kill} command, for what {@link ProcessHandle} cannot
	 * do ({@code STOP} and {@code CONT}).
	 * @param pid the process
	 * @param signal the signal's name
	 */
	static void signal(long pid, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
						+ new String(kill.getInputStream().readAllBytes()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait for a process to end, bounded.
	 * @param process the process
	 * @param timeout the longest time to wait
	 * @return whether it ended
	 */
	static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "(" + file + " not readable: " + ex + ")";
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
