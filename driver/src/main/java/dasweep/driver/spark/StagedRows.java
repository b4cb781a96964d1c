package dasweep.driver.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dasweep.driver.trial.TableRow;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A trial's row as its task stages it: a JSON object keyed by the table's column names ({@code spec_json} among
 * them), so a staged file is read back whatever our Java records are called. Adopting it (with {@code --resume})
 * takes the columns running the trial gave ({@link ResultsSchema.Column#ran}) from the file and the plan's columns
 * (cell, network, run date) from the adopting run, as a row computed by it would have them.
 */
public final class StagedRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StagedRows() {
    }

    /** Every column of the row, by name; timestamps as epoch milliseconds, non-finite doubles as text. */
    public static ObjectNode toJson(TableRow r) {
        ObjectNode out = JSON.createObjectNode();
        for (ResultsSchema.Column c : ResultsSchema.COLUMNS) {
            Object v = c.get().apply(r);
            out.set(c.name(), v instanceof Timestamp t ? JSON.getNodeFactory().numberNode(t.getTime()) : JSON.valueToTree(v));
        }
        return out;
    }

    /**
     * The row of a staged trial adopted into {@code plan}'s run: {@code plan} holds the adopting run and the trial as
     * planned (its outcome is not read), {@code staged} what {@link #toJson} wrote.
     */
    public static Row adopt(TableRow plan, JsonNode staged) {
        return ResultsSchema.toRow(plan, c -> c.ran() ? value(staged.get(c.name()), c.type()) : c.get().apply(plan));
    }

    private static Object value(JsonNode v, DataType type) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (type instanceof ArrayType a) {
            List<Object> out = new ArrayList<>();
            ((ArrayNode) v).forEach(x -> out.add(value(x, a.elementType())));
            return out;
        }
        if (type.equals(DataTypes.DoubleType)) {
            return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
        }
        if (type.equals(DataTypes.IntegerType)) {
            return v.asInt();
        }
        if (type.equals(DataTypes.LongType)) {
            return v.asLong();
        }
        if (type.equals(DataTypes.BooleanType)) {
            return v.asBoolean();
        }
        if (type.equals(DataTypes.TimestampType)) {
            return new Timestamp(v.asLong());
        }
        return v.asText();
    }
}
