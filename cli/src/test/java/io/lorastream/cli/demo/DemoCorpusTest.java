package io.lorastream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.SpamAssassinGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCorpusTest {

    /** A corpus shaped like the real one: every group at its published size. */
    private static List<SpamAssassinEmail> corpus() {
        List<SpamAssassinEmail> all = new ArrayList<>();
        for (SpamAssassinGroup group : SpamAssassinGroup.values()) {
            for (int i = 0; i < group.size(); i++) {
                String id = String.format("%05d", i);
                all.add(new SpamAssassinEmail(id, group, "md5-" + id, "Subject: " + group + " " + id + "\n\nbody"));
            }
        }
        return all;
    }

    @Test
    void wavesComeFromTheirGroupsAndNeverShareAMailWithTheUnseenSet() {
        DemoCorpus mail = DemoCorpus.draw(corpus(), 1000, 600);

        assertThat(mail.firstWave()).hasSize(1000).allMatch(m -> DemoCorpus.OLDER.contains(m.group()));
        assertThat(mail.secondWave()).hasSize(1000).allMatch(m -> DemoCorpus.LATER.contains(m.group()));
        assertThat(mail.unseen()).hasSize(600);
        Set<SpamAssassinEmail> seen = new HashSet<>(mail.firstWave());
        seen.addAll(mail.secondWave());
        assertThat(seen).hasSize(2000).doesNotContainAnyElementsOf(mail.unseen());
    }

    @Test
    void everySampleKeepsItsGroupsProportions() {
        DemoCorpus mail = DemoCorpus.draw(corpus(), 1000, 600);

        Map<SpamAssassinGroup, Long> unseen = mail.unseen().stream()
                .collect(Collectors.groupingBy(SpamAssassinEmail::group, Collectors.counting()));
        // 600 of 6,046 mails: each group within one mail of its share.
        for (SpamAssassinGroup group : SpamAssassinGroup.values()) {
            assertThat((double) unseen.get(group)).isCloseTo(600.0 * group.size() / 6046, org.assertj.core.data.Offset.offset(1.0));
        }
        long spamInFirst = mail.firstWave().stream().filter(m -> m.label().equals("spam")).count();
        long spamInSecond = mail.secondWave().stream().filter(m -> m.label().equals("spam")).count();
        assertThat(spamInFirst).isBetween(140L, 170L);    // spam-1 is 500 of the 3,250 older mails
        assertThat(spamInSecond).isBetween(480L, 520L);   // spam-2 is 1,396 of the 2,796 later mails
    }

    @Test
    void theSameCorpusGivesTheSameDemoEveryTime() {
        DemoCorpus once = DemoCorpus.draw(corpus(), 300, 100);
        DemoCorpus again = DemoCorpus.draw(corpus(), 300, 100);

        assertThat(again).isEqualTo(once);
    }

    @Test
    void exampleIdsNameGroupAndNumberSoARepeatedDemoIsSeenAsDuplicates() {
        SpamAssassinEmail mail = new SpamAssassinEmail("00042", SpamAssassinGroup.SPAM_2, "x", "text");

        assertThat(DemoCorpus.exampleId(mail)).isEqualTo("spam-2-00042");
    }
}
