package io.mqttspring.docs;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.mqttspring.autoconfigure.MqttProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/configuration.md is what {@link ConfigurationReference} writes from the
 * configuration metadata that the compiler wrote into target/classes (the annotation
 * processor's output merged with additional-spring-configuration-metadata.json, as in the
 * jar).
 */
class DocumentationConfigurationPageTests {

	@Test
	void committedConfigurationPageIsTheOneGeneratedFromTheConfigurationMetadata() throws Exception {
		String generated = ConfigurationReference.markdown(JsonMapper.shared().readTree(metadataFile().toFile()));
		Path page = DocumentationFiles.projectRoot().resolve("docs/configuration.md");
		if (DocumentationFiles.update()) {
			Files.writeString(page, generated, StandardCharsets.UTF_8);
			return;
		}
		String committed = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
		if (!committed.equals(generated)) {
			fail("docs/configuration.md does not match the configuration metadata; " + firstDifference(committed,
					generated) + "\nRegenerate it with:\n  " + DocumentationFiles.UPDATE_COMMAND);
		}
	}

	private static Path metadataFile() throws URISyntaxException {
		Path classes = Path.of(MqttProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).as("configuration metadata written by the compiler").exists();
		return metadata;
	}

	private static String firstDifference(String committed, String generated) {
		List<String> committedLines = committed.lines().toList();
		List<String> generatedLines = generated.lines().toList();
		for (int i = 0; i < Math.max(committedLines.size(), generatedLines.size()); i++) {
			String was = (i < committedLines.size()) ? committedLines.get(i) : "<end of file>";
			String is = (i < generatedLines.size()) ? generatedLines.get(i) : "<end of file>";
			if (!was.equals(is)) {
				return "first difference at line " + (i + 1) + ":\n  committed: " + was + "\n  generated: " + is;
			}
		}
		return "they differ in line endings";
	}

}
