package io.mqttspring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The links between README.md and the pages of docs/ lead somewhere: to a file of the
 * repository and, with a {@code #fragment}, to a heading of that page, as GitHub names
 * its anchors. The index promises any topic in two clicks; a renamed heading must not
 * break that silently.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?)#*$");

	private static final Pattern INLINE_LINK = Pattern.compile("\\[([^]]*)]\\([^)]*\\)");

	@Test
	void everyRelativeLinkLeadsToAnExistingFileAndHeading() {
		Path root = DocumentationFiles.projectRoot();
		List<String> broken = new ArrayList<>();
		for (Path page : DocumentationFiles.pages()) {
			for (String target : links(page)) {
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				int hash = target.indexOf('#');
				String file = (hash >= 0) ? target.substring(0, hash) : target;
				Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
				String where = root.relativize(page) + ": " + target;
				if (!Files.exists(linked)) {
					broken.add(where + " (no such file)");
				}
				else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
					broken.add(where + " (no such heading in " + root.relativize(linked) + ")");
				}
			}
		}
		if (!broken.isEmpty()) {
			fail("Broken links:\n" + String.join("\n", broken));
		}
	}

	@Test
	void anchorIsTheHeadingTextInLowerCaseWithoutPunctuationAndWithHyphensForSpaces() {
		assertThat(anchor("`mqtt.*` (connection)")).isEqualTo("mqtt-connection");
		assertThat(anchor("Retries and dead letters: today")).isEqualTo("retries-and-dead-letters-today");
		assertThat(anchor("TLS with a [Spring Boot SSL bundle](https://spring.io)"))
			.isEqualTo("tls-with-a-spring-boot-ssl-bundle");
	}

	private static List<String> links(Path page) {
		List<String> links = new ArrayList<>();
		for (String line : prose(page)) {
			Matcher matcher = LINK.matcher(line);
			while (matcher.find()) {
				links.add(matcher.group(1));
			}
		}
		return links;
	}

	private static Set<String> anchors(Path page) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose(page)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String anchor = anchor(heading.group(1).strip());
				int count = seen.merge(anchor, 1, Integer::sum);
				anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
			}
		}
		return anchors;
	}

	private static String anchor(String heading) {
		String text = INLINE_LINK.matcher(heading).replaceAll("$1");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	/**
	 * The lines of a page outside its fenced code blocks.
	 */
	private static List<String> prose(Path page) {
		List<String> prose = new ArrayList<>();
		boolean inFence = false;
		try {
			for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
				if (line.strip().startsWith("```")) {
					inFence = !inFence;
				}
				else if (!inFence) {
					prose.add(line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return prose;
	}

}
