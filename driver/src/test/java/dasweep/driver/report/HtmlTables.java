package dasweep.driver.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the report's tables back: {@code <table id="...">} → rows of cell texts (header row first). */
final class HtmlTables {
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

    private HtmlTables() {
    }

    static List<List<String>> table(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        if (start < 0) {
            throw new AssertionError("no table " + id);
        }
        String body = html.substring(start, html.indexOf("</table>", start));
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(body);
        while (r.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(1));
            while (c.find()) {
                cells.add(c.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                        .replace("&amp;", "&"));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The local files the page references ({@code src=} and {@code href=}). */
    static List<String> references(String html) {
        List<String> refs = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            refs.add(m.group(1));
        }
        return refs;
    }
}
