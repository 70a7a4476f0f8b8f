package io.lorastream.contracts;

/**
 * The wire schema version every record carries. Readers accept versions up to {@link #CURRENT}
 * and refuse newer ones with a clear message instead of silently dropping fields they don't know.
 */
public final class SchemaVersion {

    /** The schema version this build writes and the newest it reads. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    /** Returns the version to use: {@link #CURRENT} when absent, the given one when supported. */
    static int orCurrent(Integer version, String record) {
        if (version == null) {
            return CURRENT;
        }
        return check(version, record);
    }

    static int check(int version, String record) {
        if (version < 1 || version > CURRENT) {
            throw new IllegalArgumentException(record + ".schemaVersion " + version
                    + " is not supported: this build reads versions 1 to " + CURRENT);
        }
        return version;
    }
}
