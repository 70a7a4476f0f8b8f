package io.lorastream.lora.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the corpus the build fetched. When the fetch was deliberately skipped
 * ({@code -Dlorastream.data.skip=true}) and the corpus is absent, tests that need it are skipped
 * with a message instead of failing.
 */
public final class SpamAssassinCorpusFixture {

    private SpamAssassinCorpusFixture() {
    }

    public static SpamAssassinCorpus open() throws IOException {
        Optional<Path> dir = SpamAssassinCorpus.locate();
        assumeTrue(dir.isPresent(), "SpamAssassin corpus not found (" + SpamAssassinCorpus.DIRECTORY_PROPERTY + "="
                + System.getProperty(SpamAssassinCorpus.DIRECTORY_PROPERTY)
                + "); run lora/scripts/fetch-spamassassin.sh or build without -Dlorastream.data.skip=true");
        return SpamAssassinCorpus.open(dir.get());
    }
}
