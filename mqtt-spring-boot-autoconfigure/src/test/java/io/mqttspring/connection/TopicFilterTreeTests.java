package io.mqttspring.connection;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFilterTreeTests {

	private final TopicFilterTree<String> tree = new TopicFilterTree<>();

	private List<String> matches(String topic) {
		List<String> matches = new ArrayList<>();
		this.tree.forEachMatch(topic, matches::add);
		return matches;
	}

	@Test
	void exactFilterMatchesOnlyItsTopic() {
		this.tree.add("a/b", "exact");
		assertThat(matches("a/b")).containsExactly("exact");
		assertThat(matches("a/b/c")).isEmpty();
		assertThat(matches("a")).isEmpty();
	}

	@Test
	void singleLevelWildcardMatchesExactlyOneLevelIncludingEmptyOne() {
		this.tree.add("sensors/+/temperature", "plus");
		assertThat(matches("sensors/d1/temperature")).containsExactly("plus");
		assertThat(matches("sensors//temperature")).containsExactly("plus");
		assertThat(matches("sensors/d1/x/temperature")).isEmpty();
	}

	@Test
	void multiLevelWildcardMatchesParentAndAllDescendants() {
		this.tree.add("sport/#", "hash");
		assertThat(matches("sport")).containsExactly("hash");
		assertThat(matches("sport/tennis/player1")).containsExactly("hash");
		assertThat(matches("sports")).isEmpty();
	}

	@Test
	void overlappingFiltersEachMatchOnce() {
		this.tree.add("a/+", "plus");
		this.tree.add("a/#", "hash");
		this.tree.add("#", "all");
		this.tree.add("a/b", "exact");
		assertThat(matches("a/b")).containsExactlyInAnyOrder("plus", "hash", "all", "exact");
	}

	@Test
	void wildcardsAtFirstLevelDoNotMatchDollarTopics() {
		this.tree.add("#", "all");
		this.tree.add("+/monitor", "plus");
		this.tree.add("$SYS/#", "sys");
		assertThat(matches("$SYS/monitor")).containsExactly("sys");
	}

	@Test
	void removedValuesNoLongerMatchAndOthersStay() {
		this.tree.add("a/+", "one");
		this.tree.add("a/+", "two");
		this.tree.remove("a/+", "one");
		assertThat(matches("a/x")).containsExactly("two");
		this.tree.remove("a/+", "two");
		assertThat(matches("a/x")).isEmpty();
	}

}
