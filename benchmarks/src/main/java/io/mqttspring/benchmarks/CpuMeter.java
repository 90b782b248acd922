package io.mqttspring.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and of the broker process. On two cores every scenario is bound by
 * CPU, so the CPU time per message explains throughput differences, and tells the client's
 * share from the broker's.
 */
public final class CpuMeter {

	// USER_HZ: the unit of /proc/<pid>/stat times on Linux
	private static final long NANOS_PER_TICK = 10_000_000;

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final long brokerPid;

	/**
	 * @param brokerPid the broker's process id, 0 when unknown
	 */
	public CpuMeter(long brokerPid) {
		this.brokerPid = brokerPid;
	}

	public long jvmNanos() {
		return this.os.getProcessCpuTime();
	}

	/**
	 * The broker's user and system time so far.
	 * @return nanoseconds, or -1 when unknown
	 */
	public long brokerNanos() {
		if (this.brokerPid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.brokerPid), "stat"));
			// Fields after the command name in parentheses: state is field 3, utime 14, stime 15
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
