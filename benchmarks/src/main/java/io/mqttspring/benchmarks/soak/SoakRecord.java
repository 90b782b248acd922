package io.mqttspring.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one JVM of the soak run hands to the report, as a text file: named figures, the
 * failures by reason, the samples of heap and threads, and one set of sequence numbers per
 * topic (acknowledged ones for the publisher, received ones for the receiver). Lines:
 * <pre>
 * value &lt;name&gt; &lt;number&gt;
 * failure&lt;TAB&gt;&lt;count&gt;&lt;TAB&gt;&lt;reason&gt;&lt;TAB&gt;&lt;first message&gt;
 * sample &lt;uptime ms&gt; &lt;heap bytes&gt; &lt;threads&gt;
 * topic &lt;index&gt; &lt;BitSet.toByteArray() in Base64&gt;
 * </pre>
 */
public final class SoakRecord {

	private final Map<String, Long> values = new LinkedHashMap<>();

	private final FailureTally failures;

	private final List<Sample> samples;

	private final List<BitSet> topics;

	public SoakRecord(Map<String, Long> values, FailureTally failures, List<Sample> samples, List<BitSet> topics) {
		this.values.putAll(values);
		this.failures = failures;
		this.samples = List.copyOf(samples);
		this.topics = List.copyOf(topics);
	}

	/**
	 * A named figure.
	 * @param name the name
	 * @return the figure, 0 when absent
	 */
	public long value(String name) {
		return this.values.getOrDefault(name, 0L);
	}

	public Map<String, Long> values() {
		return Map.copyOf(this.values);
	}

	public FailureTally failures() {
		return this.failures;
	}

	public List<Sample> samples() {
		return this.samples;
	}

	public List<BitSet> topics() {
		return this.topics;
	}

	/**
	 * Write to a file, atomically: a reader polling for it never sees half of it.
	 * @param file the file
	 * @throws IOException if that fails
	 */
	public void write(Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		this.values.forEach((name, value) -> lines.add("value " + name + " " + value));
		this.failures.groups()
			.forEach((reason, counted) -> lines
				.add("failure\t" + counted.getKey() + "\t" + reason + "\t" + counted.getValue()));
		for (Sample sample : this.samples) {
			lines.add("sample " + sample.uptimeMillis() + " " + sample.heapBytes() + " " + sample.threads());
		}
		for (int i = 0; i < this.topics.size(); i++) {
			lines.add("topic " + i + " " + Base64.getEncoder().encodeToString(this.topics.get(i).toByteArray()));
		}
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.write(temporary, lines, StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	public static SoakRecord read(Path file) throws IOException {
		Map<String, Long> values = new LinkedHashMap<>();
		FailureTally failures = new FailureTally();
		List<Sample> samples = new ArrayList<>();
		Map<Integer, BitSet> topics = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (line.startsWith("failure\t")) {
				String[] fields = line.split("\t", 4);
				failures.add(fields[2], Long.parseLong(fields[1]), fields[3]);
				continue;
			}
			String[] fields = line.split(" ");
			switch (fields[0]) {
				case "value" -> values.put(fields[1], Long.parseLong(fields[2]));
				case "sample" -> samples
					.add(new Sample(Long.parseLong(fields[1]), Long.parseLong(fields[2]), Integer.parseInt(fields[3])));
				case "topic" -> topics.put(Integer.parseInt(fields[1]),
						BitSet.valueOf(Base64.getDecoder().decode((fields.length > 2) ? fields[2] : "")));
				case "" -> {
				}
				default -> throw new IOException("Unexpected line in " + file + ": " + line);
			}
		}
		List<BitSet> ordered = new ArrayList<>();
		for (int i = 0; i < topics.size(); i++) {
			BitSet topic = topics.get(i);
			if (topic == null) {
				throw new IOException("Topic " + i + " is missing in " + file);
			}
			ordered.add(topic);
		}
		return new SoakRecord(values, failures, samples, ordered);
	}

}
