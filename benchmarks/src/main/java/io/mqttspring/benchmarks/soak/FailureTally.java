package io.mqttspring.benchmarks.soak;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * Failed publishes grouped by why: the exception's class and message with every number
 * replaced by {@code #}, so that failures for one reason but different topics, sequence
 * numbers, ports or buffer figures fall into one group. The first message of each group
 * is kept as it was.
 */
public final class FailureTally {

	private static final Pattern NUMBER = Pattern.compile("[0-9]+");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final Map<String, Group> groups = new LinkedHashMap<>();

	/**
	 * Count a failure.
	 * @param failure the exception the publish's future completed with
	 */
	public synchronized void add(Throwable failure) {
		String described = describe(failure);
		add(normalize(described), 1, described);
	}

	/**
	 * Count failures of one group, as read back from a record.
	 * @param reason the group's reason
	 * @param count how many
	 * @param example the first message of the group
	 */
	public synchronized void add(String reason, long count, String example) {
		Group group = this.groups.computeIfAbsent(reason, (key) -> new Group(example));
		group.count += count;
	}

	public synchronized long total() {
		return this.groups.values().stream().mapToLong((group) -> group.count).sum();
	}

	/**
	 * The groups, largest first.
	 * @return reason, count and first message of each group
	 */
	public synchronized Map<String, Map.Entry<Long, String>> groups() {
		Map<String, Map.Entry<Long, String>> sorted = new LinkedHashMap<>();
		this.groups.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue().count, a.getValue().count))
			.forEach((entry) -> sorted.put(entry.getKey(), Map.entry(entry.getValue().count, entry.getValue().example)));
		return sorted;
	}

	/**
	 * The class and message of a failure, on one line.
	 * @param failure the failure, possibly wrapped in a {@link CompletionException}
	 * @return the description
	 */
	static String describe(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return WHITESPACE.matcher(cause.getClass().getSimpleName() + ": " + cause.getMessage()).replaceAll(" ");
	}

	static String normalize(String description) {
		return NUMBER.matcher(description).replaceAll("#");
	}

	private static final class Group {

		private final String example;

		private long count;

		Group(String example) {
			this.example = example;
		}

	}

}
