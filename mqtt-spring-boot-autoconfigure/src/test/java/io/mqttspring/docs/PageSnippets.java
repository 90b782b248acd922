package io.mqttspring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The code blocks of documentation pages that quote a tagged region of a source file.
 * <p>
 * A page marks a quoted block with {@code <!-- snippet: Source#tag -->} on the line
 * before its fence. {@code Source} is the simple name of a Java file in one of the Java
 * roots (its package and root do not matter, its name must be unique across all roots),
 * or the name of a file with its extension in the resource root (such as
 * {@code quick-start.yml}). The region is the lines between {@code tag::tag[]} and
 * {@code end::tag[]} comments, without the tag comments of regions nested in it; block and
 * region are compared without their common indentation, with leading tabs as four spaces.
 * Every {@code java} block must quote a region, so that no Java snippet escapes the
 * compiler.
 */
final class PageSnippets {

	private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([\\w.-]+)#([\\w-]+) -->");

	private static final Pattern TAG = Pattern.compile("(?:tag|end)::([\\w-]+)\\[]");

	private static final String FENCE = "```";

	private final List<Path> javaRoots;

	private final Path resourceRoot;

	private final Map<String, List<Path>> javaSources;

	/**
	 * Snippet sources in the given directories.
	 * @param javaRoots the directory trees of the Java sources, one per module that
	 * compiles them
	 * @param resourceRoot the directory of the other sources
	 */
	PageSnippets(List<Path> javaRoots, Path resourceRoot) {
		this.javaRoots = List.copyOf(javaRoots);
		this.resourceRoot = resourceRoot;
		this.javaSources = javaRoots.stream()
			.flatMap(PageSnippets::javaFiles)
			.sorted()
			.collect(Collectors.groupingBy((file) -> file.getFileName().toString().replace(".java", "")));
	}

	private static Stream<Path> javaFiles(Path root) {
		// A missing root (a moved module) fails here rather than leaving its snippets unfound
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".java")).toList().stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What is wrong with the page's quoted blocks.
	 * @param pageName the page's name in messages
	 * @param page the page's content
	 * @return one message per problem, empty when every block matches its region
	 */
	List<String> problems(String pageName, String page) {
		List<String> problems = new ArrayList<>();
		List<String> lines = page.lines().toList();
		for (Block block : blocks(lines)) {
			String location = pageName + ":" + (block.fence() + 1) + ": ";
			if (block.snippet() == null) {
				problems.add(location + "a " + block.language()
						+ " block without a <!-- snippet: Source#tag --> marker on the line before it");
				continue;
			}
			Region region = region(block.snippet(), block.tag());
			if (region.problem() != null) {
				problems.add(location + region.problem());
			}
			else if (!region.text().equals(block.text(lines))) {
				problems.add(location + "the block quoting " + block.snippet() + "#" + block.tag()
						+ " differs from its source region in " + region.source() + "\n--- page\n" + block.text(lines)
						+ "\n--- source region\n" + region.text() + "\n---");
			}
		}
		return problems;
	}

	/**
	 * The page with each quoted block replaced by its current source region. Blocks whose
	 * region cannot be found are left as they are.
	 * @param page the page's content
	 * @return the updated content
	 */
	String update(String page) {
		List<String> lines = new ArrayList<>(page.lines().toList());
		List<Block> blocks = blocks(lines);
		for (int i = blocks.size() - 1; i >= 0; i--) {
			Block block = blocks.get(i);
			if (block.snippet() != null) {
				Region region = region(block.snippet(), block.tag());
				if (region.problem() == null) {
					List<String> content = lines.subList(block.fence() + 1, block.end());
					content.clear();
					content.addAll(region.text().lines().toList());
				}
			}
		}
		return String.join("\n", lines) + "\n";
	}

	private List<Block> blocks(List<String> lines) {
		List<Block> blocks = new ArrayList<>();
		int i = 0;
		while (i < lines.size()) {
			String line = lines.get(i).strip();
			if (!line.startsWith(FENCE)) {
				i++;
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).strip().equals(FENCE)) {
				end++;
			}
			Matcher marker = (i > 0) ? MARKER.matcher(lines.get(i - 1).strip()) : null;
			String language = line.substring(FENCE.length()).strip();
			if (marker != null && marker.matches()) {
				blocks.add(new Block(language, marker.group(1), marker.group(2), i, end));
			}
			else if (language.equals("java")) {
				blocks.add(new Block(language, null, null, i, end));
			}
			i = end + 1;
		}
		return blocks;
	}

	private Region region(String snippet, String tag) {
		List<Path> candidates = sources(snippet);
		if (candidates.isEmpty()) {
			return Region.problem("no source " + snippet + " for the marker <!-- snippet: " + snippet + "#" + tag
					+ " --> (a Java file of that name in " + this.javaRoots + ", or a file in " + this.resourceRoot
					+ ")");
		}
		if (candidates.size() > 1) {
			return Region.problem("the source " + snippet + " of the marker <!-- snippet: " + snippet + "#" + tag
					+ " --> is ambiguous: " + candidates + " (rename one of the classes)");
		}
		Path source = candidates.get(0);
		List<String> lines = read(source);
		List<String> region = new ArrayList<>();
		boolean inside = false;
		boolean found = false;
		for (String line : lines) {
			Matcher tagMatcher = TAG.matcher(line);
			if (tagMatcher.find()) {
				if (tagMatcher.group(1).equals(tag)) {
					inside = line.contains("tag::");
					found = true;
				}
				continue;
			}
			if (inside) {
				region.add(line);
			}
		}
		if (!found) {
			return Region.problem("no region tag::" + tag + "[] in " + source + " for the marker <!-- snippet: "
					+ snippet + "#" + tag + " -->");
		}
		return new Region(source, normalize(region), null);
	}

	private List<Path> sources(String snippet) {
		if (snippet.contains(".")) {
			Path file = this.resourceRoot.resolve(snippet);
			return Files.isRegularFile(file) ? List.of(file) : List.of();
		}
		return this.javaSources.getOrDefault(snippet, List.of());
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The lines with leading tabs as four spaces, without trailing white space and without
	 * the indentation all non-blank lines share.
	 */
	static String normalize(List<String> lines) {
		List<String> expanded = lines.stream().map(PageSnippets::expandLeadingTabs).map(String::stripTrailing).toList();
		int indentation = expanded.stream()
			.filter((line) -> !line.isEmpty())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return expanded.stream()
			.map((line) -> line.isEmpty() ? line : line.substring(indentation))
			.collect(Collectors.joining("\n"));
	}

	private static String expandLeadingTabs(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return " ".repeat(4 * tabs) + line.substring(tabs);
	}

	/**
	 * A fenced block of a page: its language, the snippet it quotes (null for an unmarked
	 * block), and the line numbers of its opening and closing fences.
	 */
	private record Block(String language, String snippet, String tag, int fence, int end) {

		String text(List<String> lines) {
			return normalize(lines.subList(this.fence + 1, Math.min(this.end, lines.size())));
		}

	}

	private record Region(Path source, String text, String problem) {

		static Region problem(String problem) {
			return new Region(null, null, problem);
		}

	}

}
