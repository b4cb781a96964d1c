package dasweep.driver.report;

import java.util.List;

/** A small HTML writer: escaped text, tables with ids (the tests read them back), inline CSS only. */
final class Html {
    static final String CSS = """
            body{font-family:sans-serif;margin:24px;color:#222;max-width:1760px}
            h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
            table{border-collapse:collapse;font-size:12px;margin:8px 0}
            th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
            th{background:#f0f0f0}.note{color:#555;font-size:13px}.panels{display:flex;flex-wrap:wrap;gap:8px}
            figure{margin:0}figcaption{font-size:12px;color:#555}img{border:1px solid #ddd}
            table.overview td{font-size:13px}td.ok{background:#e8f5e9}td.weak{background:#fdecea;color:#8a1c1c}
            td.gap{color:#999;text-align:center}
            """;

    private final StringBuilder b = new StringBuilder();

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A number with 4 decimals; blank for null/NaN. */
    static String num(Double v) {
        return v == null || v.isNaN() ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    Html raw(String s) {
        b.append(s);
        return this;
    }

    Html tag(String tag, String text) {
        b.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag).append(">\n");
        return this;
    }

    Html note(String text) {
        b.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
        return this;
    }

    Html img(String file, int width, int height, String alt) {
        b.append("<figure><img src=\"").append(esc(file)).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" alt=\"").append(esc(alt)).append("\"><figcaption>").append(esc(alt))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** A table; a cell value that is a {@link Number} is right-aligned. */
    Html table(String id, List<String> headers, List<List<Object>> rows) {
        b.append("<table id=\"").append(esc(id)).append("\">\n<tr>");
        headers.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr>\n");
        for (List<Object> row : rows) {
            b.append("<tr>");
            for (Object v : row) {
                if (v instanceof Double d) {
                    b.append("<td class=\"num\">").append(num(d)).append("</td>");
                } else if (v instanceof Number n) {
                    b.append("<td class=\"num\">").append(n).append("</td>");
                } else {
                    b.append("<td>").append(esc(v == null ? "" : v.toString())).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        return this;
    }

    String page(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title>\n<style>\n" + CSS + "</style></head>\n<body>\n" + b + "</body></html>\n";
    }
}
