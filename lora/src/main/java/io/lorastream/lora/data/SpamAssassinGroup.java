package io.lorastream.lora.data;

/**
 * The five groups of the SpamAssassin public corpus, in publication order: the older groups first,
 * the later ones usable as drift.
 */
public enum SpamAssassinGroup {
    EASY_HAM_1("easy-ham-1", SpamAssassinGroup.HAM, 2500),
    EASY_HAM_2("easy-ham-2", SpamAssassinGroup.HAM, 1400),
    HARD_HAM_1("hard-ham-1", SpamAssassinGroup.HAM, 250),
    SPAM_1("spam-1", SpamAssassinGroup.SPAM, 500),
    SPAM_2("spam-2", SpamAssassinGroup.SPAM, 1396);

    /** Label of the legitimate mails. */
    public static final String HAM = "ham";
    /** Label of the spam mails. */
    public static final String SPAM = "spam";

    private final String directoryName;
    private final String label;
    private final int size;

    SpamAssassinGroup(String directoryName, String label, int size) {
        this.directoryName = directoryName;
        this.label = label;
        this.size = size;
    }

    /** The group's name in the corpus, which is also its directory name, e.g. {@code easy-ham-1}. */
    public String directoryName() {
        return directoryName;
    }

    /** {@link #HAM} or {@link #SPAM}. */
    public String label() {
        return label;
    }

    /** Number of mails the published corpus has in this group. */
    public int size() {
        return size;
    }

    /** The group named {@code name} as in the corpus files, e.g. {@code spam-2}. */
    public static SpamAssassinGroup byName(String name) {
        for (SpamAssassinGroup g : values()) {
            if (g.directoryName.equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown SpamAssassin group '" + name + "'");
    }
}
