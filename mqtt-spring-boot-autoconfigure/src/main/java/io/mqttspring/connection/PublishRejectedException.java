package io.mqttspring.connection;

/**
 * The client gave up on a publish: the outbound buffer had no room in time, the publish
 * was not acknowledged within its time-out, or the client is stopping.
 */
public class PublishRejectedException extends RuntimeException {

	private final Reason reason;

	public PublishRejectedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why the publish was given up.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a publish was given up; the tag of the {@code mqtt.publish.rejected} counter.
	 */
	public enum Reason {

		/** The outbound buffer had no room within the caller's time to block. */
		BUFFER_FULL("buffer-full"),

		/** Not acknowledged (or, at QoS 0, not written) within the publish time-out. */
		TIMEOUT("timeout"),

		/** The client is stopping or stopped. */
		STOPPING("stopping");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/**
		 * The value of the {@code reason} tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
