package io.lorastream.cli.demo;

import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.SpamAssassinGroup;
import io.lorastream.lora.data.StratifiedSampler;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's mail, drawn once and reproducibly from the SpamAssassin corpus: a first wave from the
 * older groups (easy-ham-1, hard-ham-1, spam-1: about 15% spam), a second wave from the later ones
 * (easy-ham-2, spam-2: about half spam, and newer spam campaigns), which is the drift a production
 * filter sees; and an unseen set, proportional to every group, that is never sent to the system and
 * measures the final champion.
 */
record DemoCorpus(List<SpamAssassinEmail> firstWave, List<SpamAssassinEmail> secondWave,
                  List<SpamAssassinEmail> unseen) {

    static final Set<SpamAssassinGroup> OLDER = EnumSet.of(SpamAssassinGroup.EASY_HAM_1, SpamAssassinGroup.HARD_HAM_1,
            SpamAssassinGroup.SPAM_1);
    static final Set<SpamAssassinGroup> LATER = EnumSet.of(SpamAssassinGroup.EASY_HAM_2, SpamAssassinGroup.SPAM_2);
    private static final long SEED = 2024;

    /**
     * Draws the waves and the unseen set from {@code all}, each stratified by group so it keeps its
     * groups' proportions; the three never share a mail.
     */
    static DemoCorpus draw(List<SpamAssassinEmail> all, int waveSize, int unseenSize) {
        List<SpamAssassinEmail> unseen = StratifiedSampler.sample(all, DemoCorpus::groupOf, unseenSize, SEED);
        Set<SpamAssassinEmail> held = new HashSet<>(unseen);
        List<SpamAssassinEmail> older = all.stream().filter(m -> OLDER.contains(m.group()) && !held.contains(m)).toList();
        List<SpamAssassinEmail> later = all.stream().filter(m -> LATER.contains(m.group()) && !held.contains(m)).toList();
        return new DemoCorpus(StratifiedSampler.sample(older, DemoCorpus::groupOf, waveSize, SEED + 1),
                StratifiedSampler.sample(later, DemoCorpus::groupOf, waveSize, SEED + 2), unseen);
    }

    /** The id a mail gets in the system: its group and number, so a repeated demo is recognised as duplicates. */
    static String exampleId(SpamAssassinEmail mail) {
        return mail.group().directoryName() + "-" + mail.id();
    }

    private static String groupOf(SpamAssassinEmail mail) {
        return mail.group().name();
    }
}
