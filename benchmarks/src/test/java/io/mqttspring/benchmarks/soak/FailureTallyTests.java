package io.mqttspring.benchmarks.soak;

import java.util.Map;
import java.util.concurrent.CompletionException;

import io.mqttspring.core.MqttPublishException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grouping failed publishes by reason.
 */
class FailureTallyTests {

	private final FailureTally tally = new FailureTally();

	@Test
	void failuresDifferingOnlyInNumbersFallIntoOneGroup() {
		this.tally.add(new IllegalStateException("buffer full (10000 of 10000 messages) for topic 'soak/1'"));
		this.tally.add(new IllegalStateException("buffer full (9998 of 10000 messages) for topic 'soak/3'"));
		assertThat(this.tally.total()).isEqualTo(2);
		assertThat(this.tally.groups()).containsOnlyKeys(
				"IllegalStateException: buffer full (# of # messages) for topic 'soak/#'");
		assertThat(this.tally.groups().values().iterator().next())
			.isEqualTo(Map.entry(2L, "IllegalStateException: buffer full (10000 of 10000 messages) for topic 'soak/1'"));
	}

	@Test
	void completionExceptionsAreUnwrappedAndLinesJoined() {
		this.tally.add(new CompletionException(new MqttPublishException("soak/0", "Publish to 'soak/0'\nwas not "
				+ "acknowledged", MqttPublishException.NO_REASON_CODE, null)));
		assertThat(this.tally.groups()).containsOnlyKeys(
				"MqttPublishException: Publish to 'soak/#' was not acknowledged");
	}

	@Test
	void largestGroupFirst() {
		this.tally.add(new IllegalStateException("a"));
		this.tally.add(new IllegalStateException("b"));
		this.tally.add(new IllegalStateException("b"));
		this.tally.add("IllegalStateException: c", 5, "IllegalStateException: c");
		assertThat(this.tally.groups().keySet()).containsExactly("IllegalStateException: c",
				"IllegalStateException: b", "IllegalStateException: a");
		assertThat(this.tally.total()).isEqualTo(8);
	}

}
