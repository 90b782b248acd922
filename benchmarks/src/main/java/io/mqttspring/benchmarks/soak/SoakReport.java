package io.mqttspring.benchmarks.soak;

import java.nio.file.Path;

/**
 * Compares the records the soak run's publisher and receiver left in a directory and
 * prints the {@code SOAK} lines ({@link SoakSummary}); exits with 1 when the goal was
 * missed. Arguments: {@code --dir=<directory>} and {@code --restarts=<broker restarts>}.
 */
public final class SoakReport {

	private SoakReport() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = null;
		int restarts = 0;
		for (String arg : args) {
			if (arg.startsWith("--dir=")) {
				dir = Path.of(arg.substring("--dir=".length()));
			}
			else if (arg.startsWith("--restarts=")) {
				restarts = Integer.parseInt(arg.substring("--restarts=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown option '" + arg + "'");
			}
		}
		if (dir == null) {
			throw new IllegalArgumentException("--dir=<directory> is required");
		}
		SoakSummary summary = new SoakSummary(SoakRecord.read(dir.resolve("publisher.txt")),
				SoakRecord.read(dir.resolve("receiver.txt")), restarts);
		summary.lines().forEach(System.out::println);
		System.exit(summary.goalMet() ? 0 : 1);
	}

}
