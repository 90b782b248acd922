package io.mqttspring.benchmarks;

import java.nio.ByteBuffer;

/**
 * The 64-byte payload of the byte[] scenarios: send time, run id and sequence number
 * first, zeros after, so every implementation moves the same bytes.
 */
public final class Payloads {

	/** The size of every byte[] payload. */
	public static final int SIZE = 64;

	private Payloads() {
	}

	public static byte[] encode(int runId, int seq, long sentNanos) {
		return ByteBuffer.allocate(SIZE).putLong(sentNanos).putInt(runId).putInt(seq).array();
	}

	public static long sentNanos(byte[] payload) {
		return ByteBuffer.wrap(payload).getLong(0);
	}

	public static int runId(byte[] payload) {
		return ByteBuffer.wrap(payload).getInt(8);
	}

	public static int seq(byte[] payload) {
		return ByteBuffer.wrap(payload).getInt(12);
	}

}
