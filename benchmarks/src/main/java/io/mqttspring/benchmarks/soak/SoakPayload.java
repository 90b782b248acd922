package io.mqttspring.benchmarks.soak;

import java.nio.ByteBuffer;

/**
 * A soak message: topic index, the topic's sequence number and the wall-clock send time
 * first (both JVMs run on one machine), zeros after.
 *
 * @param topic the topic index
 * @param seq the sequence number within the topic, from 0
 * @param sentMillis {@link System#currentTimeMillis()} at the publish call
 */
public record SoakPayload(int topic, int seq, long sentMillis) {

	/** The smallest payload: the three fields. */
	public static final int MIN_SIZE = 16;

	public byte[] encode(int size) {
		return ByteBuffer.allocate(Math.max(MIN_SIZE, size))
			.putInt(this.topic)
			.putInt(this.seq)
			.putLong(this.sentMillis)
			.array();
	}

	public static SoakPayload decode(byte[] payload) {
		ByteBuffer buffer = ByteBuffer.wrap(payload);
		return new SoakPayload(buffer.getInt(0), buffer.getInt(4), buffer.getLong(8));
	}

}
