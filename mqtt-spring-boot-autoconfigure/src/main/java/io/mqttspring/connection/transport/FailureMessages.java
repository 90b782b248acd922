package io.mqttspring.connection.transport;

import org.springframework.util.StringUtils;

/**
 * Describes an exception inside another message. Many exceptions have no message of their
 * own (a {@code TimeoutException}, HiveMQ's {@code UnrecoverableException}, an
 * {@code EOFException}), and "could not start: null" says nothing about what went wrong.
 */
public final class FailureMessages {

	private FailureMessages() {
	}

	/**
	 * Describe an exception: its message, or, when it has none, its type followed by its
	 * cause.
	 * @param failure the exception
	 * @return a description that is never {@code null} or {@code "null"}
	 */
	public static String describe(Throwable failure) {
		if (StringUtils.hasText(failure.getMessage())) {
			return failure.getMessage();
		}
		Throwable cause = failure.getCause();
		return (cause != null && cause != failure) ? failure.getClass().getName() + " (" + describeWithType(cause) + ")"
				: failure.getClass().getName();
	}

	private static String describeWithType(Throwable failure) {
		return StringUtils.hasText(failure.getMessage()) ? failure.toString() : describe(failure);
	}

}
