package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.deploy.model.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pages and files the deploy artefacts send a reader to exist, and so do the headings they name. */
class ReferencesTest {

    private static final Pattern DOC = Pattern.compile("(docs/[a-z0-9-]+\\.md)(?:#([a-z0-9-]+))?");
    private static final Pattern DEPLOY_FILE = Pattern.compile("(deploy/(?:docker|k8s|prometheus|grafana)/[A-Za-z0-9_./-]+\\.(?:yml|yaml|json|Dockerfile))");

    @Test
    void everyReferencedPageAndFileExists() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Repo.path("docker-compose.yml"));
        try (Stream<Path> walk = Files.walk(Repo.path("deploy"))) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(Repo.path("deploy/target")) && !p.startsWith(Repo.path("deploy/src")))
                    .forEach(files::add);
        }
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text = Repo.read(file);
            Matcher doc = DOC.matcher(text);
            while (doc.find()) {
                Path page = Repo.path(doc.group(1));
                if (!Files.isRegularFile(page)) {
                    problems.add(Repo.root().relativize(file) + " refers to " + doc.group(1) + ", which does not exist");
                } else if (doc.group(2) != null) {
                    Set<String> anchors = AlertRulesTest.anchors(Repo.read(page));
                    if (!anchors.contains(doc.group(2))) {
                        problems.add(Repo.root().relativize(file) + " refers to " + doc.group() + ", no heading of that page");
                    }
                }
            }
            Matcher f = DEPLOY_FILE.matcher(text);
            while (f.find()) {
                if (!Files.isRegularFile(Repo.path(f.group(1)))) {
                    problems.add(Repo.root().relativize(file) + " refers to " + f.group(1) + ", which does not exist");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
