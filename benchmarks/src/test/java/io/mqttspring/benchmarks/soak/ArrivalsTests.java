package io.mqttspring.benchmarks.soak;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Duplicates and out-of-order arrivals as the receiver counts them.
 */
class ArrivalsTests {

	private final Arrivals arrivals = new Arrivals(2);

	private void arrive(int topic, int... seqs) {
		for (int seq : seqs) {
			this.arrivals.arrived(new SoakPayload(topic, seq, System.currentTimeMillis()));
		}
	}

	@Test
	void inOrderArrivalsAreNeitherDuplicatesNorOutOfOrder() {
		arrive(0, 0, 1, 2);
		arrive(1, 0, 1);
		assertThat(this.arrivals.arrivals()).isEqualTo(5);
		assertThat(this.arrivals.distinct()).isEqualTo(5);
		assertThat(this.arrivals.duplicates()).isZero();
		assertThat(this.arrivals.outOfOrder()).isZero();
	}

	@Test
	void aRedeliveryIsADuplicateNotOutOfOrder() {
		// The broker sends 1 and 2 again after a reconnect, then goes on
		arrive(0, 0, 1, 2, 1, 2, 3);
		assertThat(this.arrivals.duplicates()).isEqualTo(2);
		assertThat(this.arrivals.outOfOrder()).isZero();
		assertThat(this.arrivals.distinct()).isEqualTo(4);
	}

	@Test
	void aFirstArrivalBelowAnEarlierFirstArrivalIsOutOfOrder() {
		arrive(0, 0, 2, 1, 3);
		assertThat(this.arrivals.outOfOrder()).isEqualTo(1);
		assertThat(this.arrivals.duplicates()).isZero();
	}

	@Test
	void eachTopicHasItsOwnOrder() {
		arrive(0, 5);
		arrive(1, 0, 1);
		assertThat(this.arrivals.outOfOrder()).isZero();
	}

	@Test
	void containsAllComparesPerTopic() {
		arrive(0, 0, 1);
		arrive(1, 0);
		assertThat(this.arrivals.containsAll(List.of(bits(0, 1), bits(0)))).isTrue();
		assertThat(this.arrivals.containsAll(List.of(bits(0, 1), bits(0, 1)))).isFalse();
	}

	@Test
	void aMessageOfAnotherRunIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> arrive(2, 0));
	}

	static BitSet bits(int... seqs) {
		BitSet bits = new BitSet();
		for (int seq : seqs) {
			bits.set(seq);
		}
		return bits;
	}

}
