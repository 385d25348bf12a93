package io.presence.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README tells users what the tested examples do, and the examples name the version being released. */
class ExamplesDocsTest {

    /** Surefire runs in the module's directory. */
    private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

    @Test
    void readmeShowsThePlainExamplesPropertiesDependencyAndCompilerPlugin() throws IOException {
        String pom = Files.readString(CHECKOUT.resolve("examples/plain-maven/pom.xml"));
        String readme = normalized(Files.readString(CHECKOUT.resolve("README.md")));

        for (String element : new String[] {"properties", "dependency", "plugin"}) {
            assertThat(readme).as("README.md shows the example's <%s>", element).contains(normalized(element(pom, element)));
        }
    }

    @Test
    void examplesDependOnTheVersionTheParentReleases() throws IOException {
        String revision = text(Files.readString(CHECKOUT.resolve("pom.xml")), "revision");

        assertThat(text(Files.readString(CHECKOUT.resolve("examples/plain-maven/pom.xml")), "presence.version"))
                .isEqualTo(revision);
        assertThat(text(Files.readString(CHECKOUT.resolve("examples/spring-boot/pom.xml")), "presence.version"))
                .isEqualTo(revision);
    }

    /** The first {@code <name>...</name>} element of {@code xml}, whole. */
    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">.*?</" + name + ">", Pattern.DOTALL).matcher(xml);
        assertThat(matcher.find()).as("<%s> in\n%s", name, xml).isTrue();
        return matcher.group();
    }

    private static String text(String xml, String name) {
        String element = element(xml, name);
        return element.substring(name.length() + 2, element.length() - name.length() - 3);
    }

    /** Without comments, indentation and blank lines: how a snippet reads, wherever it is indented. */
    private static String normalized(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").lines().map(String::strip).filter(line -> !line.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
