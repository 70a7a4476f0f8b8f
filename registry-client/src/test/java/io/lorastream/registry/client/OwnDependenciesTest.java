package io.lorastream.registry.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Inference services embed this library, so it must bring nothing beyond the JDK and Jackson (the
 * issue's rule): its pom declares jackson-databind as its only non-test dependency, and its code
 * imports nothing else.
 */
class OwnDependenciesTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void thePomDeclaresOnlyJacksonOutsideTheTestScope() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(MODULE.resolve("pom.xml").toFile()).getDocumentElement();
        List<String> runtime = new ArrayList<>();
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!"dependencies".equals(child.getNodeName())) {
                continue;
            }
            NodeList dependencies = ((Element) child).getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (!"test".equals(text(dependency, "scope"))) {
                    runtime.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
                }
            }
        }
        assertThat(runtime).containsExactly("com.fasterxml.jackson.core:jackson-databind");
    }

    @Test
    void theCodeImportsOnlyTheJdkJacksonAndItself() throws Exception {
        Path sources = MODULE.resolve("src/main/java");
        List<String> foreign = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    String imported = matcher.group(1);
                    if (!imported.startsWith("java.") && !imported.startsWith("com.fasterxml.jackson.")
                            && !imported.startsWith("io.lorastream.registry.client.")) {
                        foreign.add(sources.relativize(file) + ": " + imported);
                    }
                }
            }
        }
        assertThat(files).as("source files read").isGreaterThan(5);
        assertThat(foreign).isEmpty();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
