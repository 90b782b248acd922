package io.mqttspring.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Topic filters arranged by level, so that finding the filters a topic matches costs
 * in proportion to the topic's depth, not to the number of filters. Lookups do not
 * lock; changes are serialized.
 *
 * @param <T> the type of the values stored under each filter
 */
final class TopicFilterTree<T> {

	private static final String SINGLE_LEVEL = "+";

	private static final String MULTI_LEVEL = "#";

	private final Node<T> root = new Node<>();

	synchronized void add(String filter, T value) {
		Node<T> node = this.root;
		for (String level : levels(filter)) {
			node = node.children.computeIfAbsent(level, (key) -> new Node<>());
		}
		node.add(value);
	}

	synchronized void remove(String filter, T value) {
		remove(this.root, levels(filter), 0, value);
	}

	/**
	 * Pass every value whose filter matches the topic to the consumer, once per filter.
	 * @param topic a concrete topic name
	 * @param consumer receives the matching values
	 */
	void forEachMatch(String topic, Consumer<T> consumer) {
		String[] levels = levels(topic);
		// MQTT 3.1.1/5: a filter starting with a wildcard does not match topics starting with '$'
		match(this.root, levels, 0, topic.startsWith("$"), consumer);
	}

	private void match(Node<T> node, String[] levels, int index, boolean systemTopic, Consumer<T> consumer) {
		boolean wildcardsAllowed = !(index == 0 && systemTopic);
		if (wildcardsAllowed) {
			Node<T> multi = node.children.get(MULTI_LEVEL);
			if (multi != null) {
				multi.forEach(consumer);
			}
		}
		if (index == levels.length) {
			node.forEach(consumer);
			return;
		}
		Node<T> exact = node.children.get(levels[index]);
		if (exact != null) {
			match(exact, levels, index + 1, systemTopic, consumer);
		}
		if (wildcardsAllowed) {
			Node<T> single = node.children.get(SINGLE_LEVEL);
			if (single != null) {
				match(single, levels, index + 1, systemTopic, consumer);
			}
		}
	}

	private boolean remove(Node<T> node, String[] levels, int index, T value) {
		if (index == levels.length) {
			node.remove(value);
		}
		else {
			Node<T> child = node.children.get(levels[index]);
			if (child != null && remove(child, levels, index + 1, value)) {
				node.children.remove(levels[index]);
			}
		}
		return node.isEmpty();
	}

	private static String[] levels(String topic) {
		return topic.split("/", -1);
	}

	private static final class Node<T> {

		private final Map<String, Node<T>> children = new ConcurrentHashMap<>();

		// Copy on write: readers iterate a snapshot without locking
		private volatile List<T> values = List.of();

		void add(T value) {
			List<T> copy = new ArrayList<>(this.values);
			copy.add(value);
			this.values = List.copyOf(copy);
		}

		void remove(T value) {
			List<T> copy = new ArrayList<>(this.values);
			copy.remove(value);
			this.values = List.copyOf(copy);
		}

		void forEach(Consumer<T> consumer) {
			for (T value : this.values) {
				consumer.accept(value);
			}
		}

		boolean isEmpty() {
			return this.values.isEmpty() && this.children.isEmpty();
		}

	}

}
