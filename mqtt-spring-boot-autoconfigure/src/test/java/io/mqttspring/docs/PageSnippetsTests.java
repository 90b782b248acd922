package io.mqttspring.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link PageSnippets} matches the blocks of a page with the regions they quote.
 */
class PageSnippetsTests {

	@TempDir
	Path directory;

	private PageSnippets snippets;

	@BeforeEach
	void writeSources() throws IOException {
		Path java = Files.createDirectories(this.directory.resolve("java/example"));
		Files.writeString(java.resolve("GreetingSnippets.java"), """
				class GreetingSnippets {

				\tvoid greet() {
				\t\t// tag::greet[]
				\t\tif (polite) {
				\t\t\tsay("hello");
				\t\t}
				\t\t// tag::log[]
				\t\tlog("greeted");
				\t\t// end::log[]
				\t\t// end::greet[]
				\t}

				}
				""");
		Path resources = Files.createDirectories(this.directory.resolve("resources"));
		Files.writeString(resources.resolve("greeting.yml"), """
				# tag::greeting[]
				greeting:
				  text: hello
				# end::greeting[]
				""");
		// A second module's examples, as those of mqtt-spring-boot-test
		Path otherModule = Files.createDirectories(this.directory.resolve("other-module/example/other"));
		Files.writeString(otherModule.resolve("FarewellSnippets.java"), """
				class FarewellSnippets {

					// tag::farewell[]
					void farewell() {
						say("bye");
					}
					// end::farewell[]

				}
				""");
		this.snippets = new PageSnippets(
				List.of(this.directory.resolve("java"), this.directory.resolve("other-module")), resources);
	}

	@Test
	void blockEqualToItsRegionWithoutCommonIndentationAndWithTabsAsFourSpacesMatches() {
		assertThat(this.snippets.problems("page.md", """
				<!-- snippet: GreetingSnippets#greet -->
				```java
				if (polite) {
				    say("hello");
				}
				log("greeted");
				```
				<!-- snippet: GreetingSnippets#log -->
				```java
				log("greeted");
				```
				<!-- snippet: greeting.yml#greeting -->
				```yaml
				greeting:
				  text: hello
				```
				""")).isEmpty();
	}

	@Test
	void blockThatDiffersFromItsRegionIsReportedWithPageSnippetAndBothTexts() {
		assertThat(this.snippets.problems("docs/page.md", """
				Intro

				<!-- snippet: GreetingSnippets#greet -->
				```java
				say("hello");
				```
				""")).singleElement()
			.asString()
			.startsWith("docs/page.md:4: the block quoting GreetingSnippets#greet differs from its source region in ")
			.contains("GreetingSnippets.java")
			.endsWith("--- page\nsay(\"hello\");\n--- source region\nif (polite) {\n    say(\"hello\");\n}\n"
					+ "log(\"greeted\");\n---");
	}

	@Test
	void markerOfARegionThatDoesNotExistIsReported() {
		assertThat(this.snippets.problems("page.md", """
				<!-- snippet: GreetingSnippets#farewell -->
				```java
				say("bye");
				```
				""")).singleElement().asString().startsWith("page.md:2: no region tag::farewell[] in ");
	}

	@Test
	void markerOfAClassInAnotherJavaRootQuotesItsRegion() {
		assertThat(this.snippets.problems("page.md", """
				<!-- snippet: FarewellSnippets#farewell -->
				```java
				void farewell() {
				    say("bye");
				}
				```
				""")).isEmpty();
	}

	@Test
	void markerOfAClassNameThatTwoJavaRootsHoldIsReportedAsAmbiguous() throws IOException {
		Path copy = Files.createDirectories(this.directory.resolve("other-module/example/copy"));
		Files.copy(this.directory.resolve("java/example/GreetingSnippets.java"), copy.resolve("GreetingSnippets.java"));
		PageSnippets ambiguous = new PageSnippets(
				List.of(this.directory.resolve("java"), this.directory.resolve("other-module")),
				this.directory.resolve("resources"));
		assertThat(ambiguous.problems("page.md", """
				<!-- snippet: GreetingSnippets#log -->
				```java
				log("greeted");
				```
				""")).singleElement()
			.asString()
			.startsWith("page.md:2: the source GreetingSnippets of the marker <!-- snippet: GreetingSnippets#log -->"
					+ " is ambiguous: ")
			.contains("java/example/GreetingSnippets.java", "other-module/example/copy/GreetingSnippets.java");
	}

	@Test
	void markerOfASourceThatDoesNotExistIsReported() {
		assertThat(this.snippets.problems("page.md", """
				<!-- snippet: PartingSnippets#farewell -->
				```java
				say("bye");
				```
				""")).singleElement().asString().startsWith("page.md:2: no source PartingSnippets for the marker");
	}

	@Test
	void javaBlockWithoutMarkerIsReportedAndOtherUnmarkedBlocksAreNot() {
		assertThat(this.snippets.problems("page.md", """
				```xml
				<dependency/>
				```

				```java
				say("hello");
				```
				""")).containsExactly(
						"page.md:5: a java block without a <!-- snippet: Source#tag --> marker on the line before it");
	}

	@Test
	void updateReplacesQuotedBlocksWithTheirRegionsAndKeepsTheRestOfThePage() {
		String updated = this.snippets.update("""
				# Greeting

				<!-- snippet: GreetingSnippets#greet -->
				```java
				say("hello");
				```

				```xml
				<dependency/>
				```
				""");
		assertThat(updated).isEqualTo("""
				# Greeting

				<!-- snippet: GreetingSnippets#greet -->
				```java
				if (polite) {
				    say("hello");
				}
				log("greeted");
				```

				```xml
				<dependency/>
				```
				""");
		assertThat(this.snippets.problems("page.md", updated)).isEmpty();
	}

}
