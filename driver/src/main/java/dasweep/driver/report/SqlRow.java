package dasweep.driver.report;

import java.util.List;

/**
 * One result row of a query on either engine ({@link TableSource}), its values as plain Java: text, numbers, booleans,
 * {@link java.time.Instant} for timestamps, {@link List} for arrays.
 *
 * @param columns the query's column names (shared by its rows)
 * @param values  the values, null where SQL has NULL
 */
public record SqlRow(List<String> columns, List<Object> values) {
    public boolean isNull(int i) {
        return values.get(i) == null;
    }

    public Object get(int i) {
        return values.get(i);
    }

    public String getString(int i) {
        Object v = values.get(i);
        return v == null ? null : v.toString();
    }

    public long getLong(int i) {
        return ((Number) values.get(i)).longValue();
    }

    public double getDouble(int i) {
        return ((Number) values.get(i)).doubleValue();
    }

    /** The value as text, {@code ""} for NULL. */
    public String text(int i) {
        Object v = values.get(i);
        return v == null ? "" : v.toString();
    }

    public int size() {
        return values.size();
    }
}
