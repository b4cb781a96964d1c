package dasweep.driver.report;

import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local results table read by embedded DuckDB (in memory, no server, no Spark): the table's Parquet files as Spark
 * sees them (files and folders starting with {@code _} or {@code .} are not part of it), the {@code sweep=} and
 * {@code run_date=} folders as text columns, columns a file lacks as NULL.
 */
final class DuckTableSource extends TableSource {
    private final Connection db;

    private DuckTableSource(String uri, Connection db) {
        super(uri);
        this.db = db;
    }

    static DuckTableSource openDuck(String uri, Path dir) {
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                    .filter(p -> dir.relativize(p).toString().chars().noneMatch(c -> c == '\0')
                            && Arrays.stream(dir.relativize(p).toString().split("/"))
                            .noneMatch(part -> part.startsWith("_") || part.startsWith(".")))
                    .map(p -> p.toAbsolutePath().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new BadInput("cannot read " + uri + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new BadInput("no table at " + uri + " (no Parquet files)");
        }
        try {
            Connection db = DriverManager.getConnection("jdbc:duckdb:");
            DuckTableSource source = new DuckTableSource(uri, db);
            try {
                source.update("SET TimeZone = 'UTC'");
                String read = "read_parquet([" + String.join(", ", files.stream().map(TableSource::literal).toList())
                        + "], hive_partitioning = true, union_by_name = true,"
                        + " hive_types = {'sweep': VARCHAR, 'run_date': VARCHAR})";
                List<String> present = source.query("DESCRIBE SELECT * FROM " + read).stream()
                        .map(r -> r.getString(0)).toList();
                source.view(ALL, "SELECT " + schemaColumns(present) + " FROM " + read);
                return source;
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new BadInput("cannot read " + uri + ": " + Exit.firstLine(e));
        }
    }

    @Override
    public List<SqlRow> query(String sql) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<String> shared = List.copyOf(columns);
            List<SqlRow> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> values = new ArrayList<>(shared.size());
                for (int i = 1; i <= shared.size(); i++) {
                    values.add(plain(rs.getObject(i)));
                }
                rows.add(new SqlRow(shared, java.util.Collections.unmodifiableList(values)));
            }
            return rows;
        } catch (SQLException e) {
            throw new BadInput("cannot read " + uri + ": " + Exit.firstLine(e));
        }
    }

    @Override
    protected void view(String name, String sql) {
        update("CREATE OR REPLACE TEMP VIEW " + name + " AS " + sql);
    }

    @Override
    public String distinctText(String column) {
        return "coalesce(string_agg(DISTINCT " + column + ", ', ' ORDER BY " + column + "), '')";
    }

    @Override
    public String timeText(String expression) {
        return "strftime(" + expression + ", '%Y-%m-%d %H:%M:%S')";
    }

    private void update(String sql) {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new BadInput("cannot read " + uri + ": " + Exit.firstLine(e));
        }
    }

    /** DuckDB's JDBC values as {@link SqlRow} holds them. */
    private static Object plain(Object v) throws SQLException {
        if (v instanceof Array a) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) {
                out.add(plain(o));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        if (v instanceof Timestamp t) {           // TIMESTAMP: UTC wall-clock time (Spark's INT96)
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValueExact();
        }
        return v;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // nothing to release
        }
    }
}
