package io.mqttspring.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.fail;

/**
 * Every code block of README.md and docs/ that quotes a snippet is the current text of
 * its region in the snippet sources: the Java classes of this module's
 * src/test/java/io/mqttspring/docs and of mqtt-spring-boot-test's
 * src/test/java/io/mqttspring/test/docs, each compiled and partly run by its module's build,
 * and the files of this module's src/test/resources/docs.
 */
class DocumentationSnippetsTests {

	@Test
	void quotedBlocksOfEveryPageMatchTheirSourceRegions() throws IOException {
		Path root = DocumentationFiles.projectRoot();
		PageSnippets snippets = new PageSnippets(DocumentationFiles.javaSnippetRoots(),
				DocumentationFiles.resourceSnippetRoot());
		List<String> problems = new ArrayList<>();
		for (Path page : DocumentationFiles.pages()) {
			String content = Files.readString(page, StandardCharsets.UTF_8);
			if (DocumentationFiles.update()) {
				content = snippets.update(content);
				Files.writeString(page, content, StandardCharsets.UTF_8);
			}
			problems.addAll(snippets.problems(root.relativize(page).toString(), content));
		}
		if (!problems.isEmpty()) {
			fail(String.join("\n\n", problems) + "\n\nCopy each source region into its page, or rewrite the pages"
					+ " from the sources with:\n  " + DocumentationFiles.UPDATE_COMMAND);
		}
	}

}
