package io.mqttspring.listener;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * How one listener tries a failed invocation again: Spring's {@link RetryTemplate} counts
 * the attempts and sleeps the exponential back-off on the calling thread, the listener's
 * own, never the MQTT client's. Failures that the same message would cause again are not
 * retried: a payload that cannot be converted or validated, an argument that cannot be
 * resolved (also as the cause of another exception), and {@link Error}s.
 */
final class ListenerRetry {

	private static final ListenerRetry SINGLE_ATTEMPT = new ListenerRetry(1, null);

	private final int maxAttempts;

	private final RetryPolicy policy;

	private ListenerRetry(int maxAttempts, RetryPolicy policy) {
		this.maxAttempts = maxAttempts;
		this.policy = policy;
	}

	/**
	 * The retry of a listener: its {@link MqttListener#retry()} attribute, else the
	 * settings.
	 * @param endpoint the listener
	 * @param settings the registry's settings
	 * @return the retry
	 * @throws MqttListenerDefinitionException if the attribute is not {@code true},
	 * {@code false} or a number of at least 1
	 */
	static ListenerRetry forEndpoint(MqttListenerEndpoint endpoint, MqttListenerRetrySettings settings) {
		String retry = endpoint.retry();
		if (retry == null) {
			return settings.enabled() ? of(settings) : SINGLE_ATTEMPT;
		}
		return switch (retry.trim()) {
			case "true" -> of(settings);
			case "false" -> SINGLE_ATTEMPT;
			default -> of(settings.withMaxAttempts(attempts(endpoint, retry)));
		};
	}

	private static int attempts(MqttListenerEndpoint endpoint, String retry) {
		int attempts;
		try {
			attempts = Integer.parseInt(retry.trim());
		}
		catch (NumberFormatException ex) {
			attempts = 0;
		}
		if (attempts < 1) {
			throw new MqttListenerDefinitionException(endpoint.describe() + " has retry '" + retry
					+ "'; it must be true, false or a number of attempts of at least 1",
					"Set retry to true, false or the number of attempts (the first one included), or to a "
							+ "placeholder that resolves to one");
		}
		return attempts;
	}

	private static ListenerRetry of(MqttListenerRetrySettings settings) {
		if (settings.maxAttempts() == 1) {
			return SINGLE_ATTEMPT;
		}
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(settings.maxAttempts() - 1)
			.delay(settings.initialInterval())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxInterval())
			.predicate(ListenerRetry::canSucceedOnRetry)
			.build();
		return new ListenerRetry(settings.maxAttempts(), policy);
	}

	/**
	 * Whether the same message could succeed on another attempt.
	 * @param failure what an attempt threw
	 * @return {@code false} for conversion, validation and argument resolution failures,
	 * also as causes, and for errors
	 */
	static boolean canSucceedOnRetry(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
			if (cause instanceof Error || cause instanceof MessageConversionException
					|| cause instanceof ConversionException || cause instanceof MethodArgumentResolutionException) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The most attempts a message gets.
	 * @return the number of attempts, the first included
	 */
	int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Invoke the listener until an attempt succeeds, the attempts are used up, a failure
	 * cannot succeed on retry, or the thread is interrupted during a back-off.
	 * @param invocation one attempt
	 * @param attempts counts the attempts of this message and is told about back-offs
	 * @return the result of the successful attempt
	 * @throws Exception what the last attempt threw
	 */
	Object invoke(Callable<Object> invocation, Attempts attempts) throws Exception {
		if (this.policy == null) {
			attempts.count++;
			return invocation.call();
		}
		RetryTemplate template = new RetryTemplate(new BackOffReportingPolicy(this.policy, attempts));
		template.setRetryListener(attempts);
		try {
			return template.execute(attempts.retryable(invocation));
		}
		catch (RetryException ex) {
			Throwable last = (attempts.lastFailure != null) ? attempts.lastFailure : ex;
			if (last instanceof Exception exception) {
				throw exception;
			}
			throw (Error) last;
		}
	}

	/**
	 * Told when a message waits for its next attempt.
	 */
	interface BackOffListener {

		/**
		 * An attempt failed and the next one follows after the back-off, which starts now.
		 * @param failedAttempt the number of the attempt that failed, 1 for the first
		 * @param failure what it threw
		 * @param backOff how long the wait is
		 */
		void backingOff(int failedAttempt, Throwable failure, Duration backOff);

		/**
		 * The back-off is over, or was interrupted.
		 */
		void backOffEnded();

	}

	/**
	 * The attempts of one message.
	 */
	static final class Attempts implements RetryListener {

		private final BackOffListener listener;

		private int count;

		private Throwable lastFailure;

		private boolean interrupted;

		Attempts(BackOffListener listener) {
			this.listener = listener;
		}

		/**
		 * How many times the listener was invoked.
		 * @return the number of attempts
		 */
		int count() {
			return this.count;
		}

		/**
		 * Whether the thread was interrupted while waiting for the next attempt: the
		 * listener is stopping, and the message was not settled.
		 * @return whether interrupted
		 */
		boolean interrupted() {
			return this.interrupted;
		}

		private Retryable<Object> retryable(Callable<Object> invocation) {
			return new Retryable<>() {

				@Override
				public Object execute() throws Throwable {
					Attempts.this.count++;
					try {
						return invocation.call();
					}
					catch (Throwable ex) {
						Attempts.this.lastFailure = ex;
						throw ex;
					}
				}

				@Override
				public String getName() {
					return "listener attempt";
				}

			};
		}

		@Override
		public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
			this.listener.backOffEnded();
		}

		@Override
		public void onRetryPolicyInterruption(RetryPolicy retryPolicy, Retryable<?> retryable,
				RetryException exception) {
			this.interrupted = true;
			this.listener.backOffEnded();
		}

	}

	/**
	 * The listener's policy, whose back-off says when a wait starts: the retry template
	 * asks it for the next back-off just before it sleeps.
	 */
	private record BackOffReportingPolicy(RetryPolicy policy, Attempts attempts) implements RetryPolicy {

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return this.policy.shouldRetry(throwable);
		}

		@Override
		public Duration getTimeout() {
			return this.policy.getTimeout();
		}

		@Override
		public BackOff getBackOff() {
			return () -> {
				BackOffExecution execution = this.policy.getBackOff().start();
				return () -> {
					long next = execution.nextBackOff();
					if (next != BackOffExecution.STOP) {
						this.attempts.listener.backingOff(this.attempts.count, this.attempts.lastFailure,
								Duration.ofMillis(next));
					}
					return next;
				};
			};
		}

	}

}
