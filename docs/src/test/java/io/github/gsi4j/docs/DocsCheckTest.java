package io.github.gsi4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What Asciidoctor does not check: links between pages resolve, every page was rendered, every property
 * of the generated configuration reference has a description, every property the README and the guide
 * name exists, the README links to the guide, and the README's inline reward bean is the demo's compiled
 * one (GitHub does not render AsciiDoc includes, so the README repeats it).
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
    void everyPropertyTheReadmeAndTheGuideNameExists() throws IOException {
        String reference = Files.readString(PAGES.resolve("includes/quarkus-langchain4j-gsi.adoc"));
        Set<String> known = new HashSet<>();
        Matcher defined = Pattern.compile("`\\+\\+\\+quarkus\\.langchain4j\\.gsi\\.([^+]+)\\+\\+\\+`").matcher(reference);
        while (defined.find()) {
            known.add(defined.group(1));
        }
        assertThat(known).as("properties in the reference").contains("draft.model", "\"model-name\".draft.model");
        List<Path> texts = new ArrayList<>(pages());
        texts.add(Path.of("..", "README.md"));
        int mentions = 0;
        for (Path text : texts) {
            String content = Files.readString(text);
            Matcher named = Pattern.compile("quarkus\\.langchain4j\\.gsi\\.([a-z0-9][a-z0-9.-]*[a-z0-9])").matcher(content);
            while (named.find()) {
                String rest = named.group(1);
                String after = content.substring(named.end(), Math.min(content.length(), named.end() + 2));
                if (after.equals(".*") || after.equals(".<") || after.equals(".`")) {
                    continue; // a prefix, not a property
                }
                mentions++;
                boolean namedModel = rest.contains(".")
                        && known.contains("\"model-name\"." + rest.substring(rest.indexOf('.') + 1));
                assertThat(known.contains(rest) || namedModel).as("%s names quarkus.langchain4j.gsi.%s", text, rest).isTrue();
            }
        }
        assertThat(mentions).as("property mentions checked").isGreaterThan(20);
    }

    @Test
    void theReadmeRewardBeanIsTheDemosCompiledOne() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(
                Path.of("..", "integration-tests/src/main/java/io/github/gsi4j/it/ReadableStepReward.java"));
        int start = source.indexOf("// tag::reward-bean[]\n") + "// tag::reward-bean[]\n".length();
        String bean = source.substring(start, source.indexOf("// end::reward-bean[]"));
        assertThat(bean).contains("implements RewardScorer");
        assertThat(readme).as("the README shows ReadableStepReward as it is").contains(bean);
        source.lines().filter(l -> l.startsWith("import ")).forEach(i -> assertThat(readme).contains(i));
    }

    @Test
    void theReadmeLinksToTheGuide() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("docs/modules/ROOT/pages/index.adoc");
    }
}
