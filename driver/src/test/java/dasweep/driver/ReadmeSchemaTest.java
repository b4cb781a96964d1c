package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dasweep.driver.spark.ResultsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/results-table.md's column table (once the README's) documents exactly the schema's columns, in order, with their types. */
class ReadmeSchemaTest {
    @Test
    void readmeDocumentsEveryColumn() throws IOException {
        String readme = Files.readString(GridTest.repo().resolve("docs/results-table.md"));
        String section = readme.substring(readme.indexOf("<!-- section: table -->"),
                readme.indexOf("<!-- /section: table -->"));
        Matcher m = Pattern.compile("(?m)^\\| `(\\w+)` \\| ([a-z<>]+) \\| (yes|no) \\|").matcher(section);
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        List<String> schema = ResultsSchema.COLUMNS.stream().map(c -> c.name() + " " + c.type().simpleString()
                .replace("integer", "int") + " " + (c.nullable() ? "yes" : "no")).toList();
        assertEquals(schema, documented);
    }
}
