package io.lorastream.lora.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as fetched by {@code lora/scripts/fetch-spamassassin.sh}: one
 * {@code {id, group, checksum, text}} JSON file per mail under {@code data/<group>/}. Mails are read
 * on demand, group by group, in a fixed order (group, then id) so samples are reproducible.
 */
public final class SpamAssassinCorpus {

    /** System property naming the corpus directory; the build sets it for tests. */
    public static final String DIRECTORY_PROPERTY = "lorastream.spamassassin.dir";
    /** Environment variable naming the corpus directory, used when the property is unset. */
    public static final String DIRECTORY_ENV = "LORASTREAM_SPAMASSASSIN_DIR";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<SpamAssassinGroup, List<Path>> files;

    private SpamAssassinCorpus(Path root, Map<SpamAssassinGroup, List<Path>> files) {
        this.root = root;
        this.files = files;
    }

    /**
     * Opens the corpus at {@code root} (the directory holding {@code data/}), listing but not yet
     * reading the mails.
     *
     * @throws NoSuchFileException when a group directory is missing
     * @throws IOException when a group has a different number of mails than the published corpus
     */
    public static SpamAssassinCorpus open(Path root) throws IOException {
        Map<SpamAssassinGroup, List<Path>> files = new EnumMap<>(SpamAssassinGroup.class);
        for (SpamAssassinGroup group : SpamAssassinGroup.values()) {
            Path dir = root.resolve("data").resolve(group.directoryName());
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir.toString(), null,
                        "SpamAssassin group directory missing; run lora/scripts/fetch-spamassassin.sh");
            }
            List<Path> mails;
            try (Stream<Path> listing = Files.list(dir)) {
                mails = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            }
            if (mails.size() != group.size()) {
                throw new IOException("SpamAssassin group " + group.directoryName() + " has " + mails.size()
                        + " mails, expected " + group.size() + ": the corpus in " + root + " is incomplete");
            }
            files.put(group, mails);
        }
        return new SpamAssassinCorpus(root, files);
    }

    /**
     * Where the corpus is expected: the {@value #DIRECTORY_PROPERTY} system property, else the
     * {@value #DIRECTORY_ENV} environment variable, else {@code .data/spam-assassin} in the
     * working directory or one of its parents.
     */
    public static Optional<Path> locate() {
        String configured = System.getProperty(DIRECTORY_PROPERTY, System.getenv(DIRECTORY_ENV));
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            return Files.isDirectory(p.resolve("data")) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".data").resolve("spam-assassin");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path root() {
        return root;
    }

    /** Number of mails in {@code groups} (all groups when none are given), without reading them. */
    public int size(SpamAssassinGroup... groups) {
        int n = 0;
        for (SpamAssassinGroup g : selected(groups)) {
            n += files.get(g).size();
        }
        return n;
    }

    /**
     * Reads the mails of {@code groups} (all groups when none are given), in group then id order.
     *
     * @throws UncheckedIOException when a file cannot be read or is not a corpus mail
     */
    public List<SpamAssassinEmail> emails(SpamAssassinGroup... groups) {
        List<SpamAssassinEmail> result = new ArrayList<>();
        for (SpamAssassinGroup g : selected(groups)) {
            for (Path file : files.get(g)) {
                result.add(read(file, g));
            }
        }
        return List.copyOf(result);
    }

    private static List<SpamAssassinGroup> selected(SpamAssassinGroup... groups) {
        return groups.length == 0 ? Arrays.asList(SpamAssassinGroup.values()) : Arrays.asList(groups);
    }

    private static SpamAssassinEmail read(Path file, SpamAssassinGroup expectedGroup) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            String group = requireText(node, "group", file);
            if (!group.equals(expectedGroup.directoryName())) {
                throw new IOException(file + ": group is '" + group + "' but the file is in "
                        + expectedGroup.directoryName());
            }
            JsonNode checksum = node.path("checksum").path("value");
            return new SpamAssassinEmail(requireText(node, "id", file), expectedGroup, checksum.asText(""),
                    requireText(node, "text", file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SpamAssassin mail " + file, e);
        }
    }

    private static String requireText(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException(file + ": field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }
}
