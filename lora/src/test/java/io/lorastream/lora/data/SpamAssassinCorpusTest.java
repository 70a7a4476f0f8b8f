package io.lorastream.lora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real corpus that the build fetches (see lora/scripts/fetch-spamassassin.sh). */
class SpamAssassinCorpusTest {

    private static SpamAssassinCorpus corpus;

    @BeforeAll
    static void openCorpus() throws Exception {
        corpus = SpamAssassinCorpusFixture.open();
    }

    @Test
    void hasThePublishedCounts() {
        assertThat(corpus.size()).isEqualTo(6046);
        assertThat(corpus.size(SpamAssassinGroup.SPAM_1, SpamAssassinGroup.SPAM_2)).isEqualTo(1896);
        assertThat(corpus.size(SpamAssassinGroup.EASY_HAM_1, SpamAssassinGroup.EASY_HAM_2,
                SpamAssassinGroup.HARD_HAM_1)).isEqualTo(4150);
    }

    @Test
    void readsMailsOfAGroupInIdOrderWithTheirLabel() {
        List<SpamAssassinEmail> spam = corpus.emails(SpamAssassinGroup.SPAM_1);

        assertThat(spam).hasSize(500);
        assertThat(spam.get(0).id()).isEqualTo("00001");
        assertThat(spam.get(0).md5()).isEqualTo("7848dde101aa985090474a91ec93fcf0");
        assertThat(spam).allSatisfy(m -> assertThat(m.label()).isEqualTo("spam"));
        assertThat(spam.get(0).raw()).startsWith("From 12a1mailbot1@web.de");
        assertThat(spam.get(0).text()).doesNotContain("Received:").isNotBlank();
    }

    @Test
    void stratifiedSampleOfTheCorpusIsReproducible() {
        List<SpamAssassinEmail> all = corpus.emails(SpamAssassinGroup.SPAM_1, SpamAssassinGroup.EASY_HAM_1);

        List<SpamAssassinEmail> a = StratifiedSampler.sample(all, SpamAssassinEmail::label, 300, 11);
        List<SpamAssassinEmail> b = StratifiedSampler.sample(all, SpamAssassinEmail::label, 300, 11);

        assertThat(a).isEqualTo(b);
        assertThat(a.stream().filter(m -> m.label().equals("spam")).count()).isEqualTo(50); // 500 / 3000 of 300
    }

    @Test
    void missingDirectoryIsReportedWithTheFetchScript(@TempDir Path empty) {
        assertThatThrownBy(() -> SpamAssassinCorpus.open(empty))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("fetch-spamassassin.sh");
    }
}
