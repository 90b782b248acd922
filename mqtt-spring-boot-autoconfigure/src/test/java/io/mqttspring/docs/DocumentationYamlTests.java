package io.mqttspring.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.mqttspring.autoconfigure.MqttProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The YAML that the pages quote (src/test/resources/docs/*.yml, one example per document)
 * binds to the starter's properties and to Spring Boot's SSL bundles: a misspelt or
 * removed key, or a value of the wrong type, fails here instead of in a user's application.
 */
class DocumentationYamlTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("yamlSnippets")
	void everyDocumentBindsMqttAndSslPropertiesWithoutUnknownKeys(Path file) throws IOException {
		List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(file.getFileName().toString(),
				new FileSystemResource(file));
		for (PropertySource<?> document : documents) {
			Binder binder = new Binder(ConfigurationPropertySources.from(document));
			assertThatNoException().as(document.getName()).isThrownBy(() -> {
				binder.bind("mqtt", Bindable.of(MqttProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
				binder.bind("spring.ssl", Bindable.of(SslProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
			});
		}
	}

	static Stream<Path> yamlSnippets() throws IOException {
		try (Stream<Path> files = Files.list(DocumentationFiles.resourceSnippetRoot())) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".yml")).sorted().toList().stream();
		}
	}

}
