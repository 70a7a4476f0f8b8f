package io.lorastream.ingest.domain;

/**
 * One row as its JSON said it, field by field, before any rule is applied: the value of each known
 * field, or the JSON type it had when that was the wrong one; the first unknown field; or the JSON type
 * of the whole row when it is not an object. Filled by {@link RowReader}, judged by {@link RowValidator}.
 */
public final class RawRow {

    /** The fields of an example row; their order is the order a row's JSON is checked in. */
    enum Field {
        ID("id"), TEXT("text"), LABEL("label"), WEIGHT("weight"), SOURCE("source"), TIMESTAMP("timestamp");

        final String json;

        Field(String json) {
            this.json = json;
        }

        /** The field of a JSON name, or null for a name that is not a field of an example. */
        static Field of(String name) {
            return switch (name) {
                case "id" -> ID;
                case "text" -> TEXT;
                case "label" -> LABEL;
                case "weight" -> WEIGHT;
                case "source" -> SOURCE;
                case "timestamp" -> TIMESTAMP;
                default -> null;
            };
        }
    }

    private static final int FIELDS = Field.values().length;

    /** The JSON type of the whole row when it is not an object, else null. */
    private final String notAnObject;
    /** A String for text fields, a Double for weight; null when absent or JSON null. */
    private final Object[] values = new Object[FIELDS];
    /** The JSON type a field had when it was not the one the field takes, else null. */
    private final String[] wrongTypes = new String[FIELDS];
    private String unknownField;

    private RawRow(String notAnObject) {
        this.notAnObject = notAnObject;
    }

    static RawRow object() {
        return new RawRow(null);
    }

    static RawRow notAnObject(String jsonType) {
        return new RawRow(jsonType);
    }

    /** The JSON type of the row when it is not an object ({@code "array"}, {@code "number"}, …), else null. */
    public String notAnObjectType() {
        return notAnObject;
    }

    /** The first field (in the row's order) that is not a field of an example, or null. */
    public String unknownField() {
        return unknownField;
    }

    Object value(Field field) {
        return values[field.ordinal()];
    }

    String wrongType(Field field) {
        return wrongTypes[field.ordinal()];
    }

    void unknown(String name) {
        if (unknownField == null) {
            unknownField = name;
        }
    }

    /** Sets a field; as in a JSON tree, a repeated field's last value wins. */
    void set(Field field, Object value) {
        values[field.ordinal()] = value;
        wrongTypes[field.ordinal()] = null;
    }

    void setWrongType(Field field, String jsonType) {
        values[field.ordinal()] = null;
        wrongTypes[field.ordinal()] = jsonType;
    }
}
