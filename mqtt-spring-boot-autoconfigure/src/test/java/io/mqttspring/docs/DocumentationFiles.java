package io.mqttspring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the documentation lives, and whether the build was asked to rewrite it. The
 * module's surefire configuration sets both system properties.
 */
final class DocumentationFiles {

	/**
	 * Rewrites the generated configuration page and the quoted snippets from their sources.
	 */
	static final String UPDATE_COMMAND = "mvn -B -ntp -pl mqtt-spring-boot-autoconfigure test"
			+ " -Dtest='Documentation*Tests' -Ddocs.update=true";

	private DocumentationFiles() {
	}

	/**
	 * The repository root, holding README.md and docs/.
	 * @return the root directory
	 */
	static Path projectRoot() {
		String root = System.getProperty("mqtt.project.root");
		assertThat(root).as("system property mqtt.project.root (set by the module's surefire configuration)")
			.isNotNull();
		Path path = Path.of(root).toAbsolutePath().normalize();
		assertThat(path.resolve("README.md")).as("README.md in the project root").exists();
		return path;
	}

	/**
	 * The directories of the Java classes that pages may quote: this module's
	 * {@code io.mqttspring.docs} and the test module's {@code io.mqttspring.test.docs}.
	 * Examples of {@code mqtt-spring-boot-test} compile and run only in that module, which
	 * depends on this one; the check reads their sources, so it does not matter that this
	 * module is built first.
	 * @return the directories, searched for a class by its simple name
	 */
	static List<Path> javaSnippetRoots() {
		Path root = projectRoot();
		return List.of(root.resolve("mqtt-spring-boot-autoconfigure/src/test/java/io/mqttspring/docs"),
				root.resolve("mqtt-spring-boot-test/src/test/java/io/mqttspring/test/docs"));
	}

	/**
	 * The directory of the other files that pages may quote, such as the YAML examples.
	 * @return the directory
	 */
	static Path resourceSnippetRoot() {
		return projectRoot().resolve("mqtt-spring-boot-autoconfigure/src/test/resources/docs");
	}

	/**
	 * The pages that quote snippets: README.md and docs/*.md.
	 * @return the pages, README.md first, then docs/ sorted by name
	 */
	static List<Path> pages() {
		Path root = projectRoot();
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			return Stream.concat(Stream.of(root.resolve("README.md")),
					docs.filter((path) -> path.getFileName().toString().endsWith(".md")).sorted())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the build runs with {@code -Ddocs.update=true}: the checks then write the
	 * pages instead of failing.
	 * @return whether to update
	 */
	static boolean update() {
		return Boolean.getBoolean("docs.update");
	}

}
