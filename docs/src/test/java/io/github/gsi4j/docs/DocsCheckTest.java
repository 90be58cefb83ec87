package io.github.gsi4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What Asciidoctor does not check: links between pages resolve, every page was rendered, every property
 * of the generated configuration reference has a description, and the README links to the guide.
 */
class DocsCheckTest {

    static final Path MODULE = Path.of("modules", "ROOT");
    static final Path PAGES = MODULE.resolve("pages");
    static final Pattern XREF = Pattern.compile("xref:([\\w./-]+\\.adoc)");

    static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(PAGES)) {
            return files.filter(p -> p.toString().endsWith(".adoc")).sorted().toList();
        }
    }

    @Test
    void everyPageLinkResolves() throws IOException {
        List<Path> sources = new ArrayList<>(pages());
        sources.add(MODULE.resolve("nav.adoc"));
        for (Path source : sources) {
            Matcher m = XREF.matcher(Files.readString(source));
            while (m.find()) {
                assertThat(PAGES.resolve(m.group(1))).as("%s links to %s", source, m.group(1)).isRegularFile();
            }
        }
    }

    @Test
    void everyPageIsInTheNavigationAndWasRendered() throws IOException {
        String nav = Files.readString(MODULE.resolve("nav.adoc"));
        for (Path page : pages()) {
            String name = page.getFileName().toString();
            assertThat(nav).as("nav.adoc lists %s", name).contains("xref:" + name);
            assertThat(Path.of("target", "generated-docs", name.replace(".adoc", ".html"))).isRegularFile();
        }
    }

    @Test
    void everyGeneratedPropertyHasADescription() throws IOException {
        String reference = Files.readString(PAGES.resolve("includes/quarkus-langchain4j-gsi.adoc"));
        Matcher property = Pattern.compile("\\[\\.property-path\\]##link:#[^\\[]+\\[`\\+\\+\\+([^+]+)\\+\\+\\+`\\]##")
                .matcher(reference);
        int properties = 0;
        while (property.find()) {
            properties++;
            int description = reference.indexOf("[.description]\n--\n", property.end());
            int end = reference.indexOf("\n--\n", description + 17);
            String text = reference.substring(description + "[.description]\n--\n".length(), end)
                    .replaceAll("(?s)ifdef::.*?endif::[^\n]*|ifndef::.*?endif::[^\n]*", "").strip();
            assertThat(text).as("description of %s", property.group(1)).isNotBlank();
        }
        assertThat(properties).as("properties in the reference").isGreaterThan(30);
    }

    @Test
    void theReadmeLinksToTheGuide() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("docs/modules/ROOT/pages/index.adoc");
    }
}
