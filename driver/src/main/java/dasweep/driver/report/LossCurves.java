package dasweep.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training loss per epoch ({@code epoch_losses}) of the trials behind the overview's cells: per panel and layer,
 * every trial (network × seed × data seed) of DAS's best cell there ({@link Overview#entry}), one line each, coloured
 * by layer. A trial's curve is its latest OK row's, as everywhere in the report.
 */
public final class LossCurves {
    /**
     * One DAS trial's losses.
     *
     * @param key    its cell ({@link CellSql#KEY} values as text, as {@link Cell#key()})
     * @param losses mean training loss per epoch
     */
    public record Curve(List<String> key, String network, long seed, long dataSeed, String runDate, List<Double> losses) {
        public Curve {
            key = List.copyOf(key);
            losses = List.copyOf(losses);
        }
    }

    private static final String KEYS = String.join(", ", CellSql.KEY);

    /** Every DAS trial's latest OK row with losses (not {@code vanilla}: it trains nothing), in cell order. */
    static final String SQL = "SELECT " + KEYS + ", network, seed, data_seed, run_date, epoch_losses FROM (\n  "
            + CellSql.latestOk(TableSource.VIEW) + "\n) WHERE nth = 1 AND control IS NULL AND intervention <> 'vanilla'"
            + " AND epoch_losses IS NOT NULL\nORDER BY " + KEYS + ", network, seed, data_seed";

    private LossCurves() {
    }

    static List<Curve> of(TableSource source) {
        int keys = CellSql.KEY.size();
        return source.query(SQL).stream().filter(r -> !((List<?>) r.get(keys + 4)).isEmpty()).map(r -> new Curve(
                java.util.stream.IntStream.range(0, keys).mapToObj(r::text).toList(), r.getString(keys),
                r.getLong(keys + 1), r.getLong(keys + 2), r.getString(keys + 3),
                ((List<?>) r.get(keys + 4)).stream().map(v -> ((Number) v).doubleValue()).toList())).toList();
    }

    /** Per layer (network order), the curves of the panel's best DAS cell there; layers without curves left out. */
    static Map<String, List<Curve>> best(Panel p, List<Curve> curves) {
        Map<String, List<Curve>> out = new LinkedHashMap<>();
        for (String layer : p.layers()) {
            Optional<Overview.Entry> e = Overview.entry(p, layer);
            List<Curve> mine = e.map(x -> curves.stream().filter(c -> c.key().equals(x.das().key())).toList())
                    .orElse(List.of());
            if (!mine.isEmpty()) {
                out.put(layer, mine);
            }
        }
        return out;
    }

    /** Draws {@code best} (from {@link #best}); returns false, drawing nothing, when it is empty. */
    static boolean draw(Panel p, Map<String, List<Curve>> best, File png) throws IOException {
        if (best.isEmpty()) {
            return false;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        LegendItemCollection legend = new LegendItemCollection();
        int layer = 0;
        for (Map.Entry<String, List<Curve>> e : best.entrySet()) {
            Color color = Charts.PALETTE[layer++ % Charts.PALETTE.length];
            Curve first = e.getValue().get(0);
            legend.add(new LegendItem(e.getKey() + ": " + first.key().get(CellSql.KEY.indexOf("intervention")) + " k "
                    + first.key().get(CellSql.KEY.indexOf("k")) + ", " + e.getValue().size() + " trials", color));
            for (Curve c : e.getValue()) {
                XYSeries s = new XYSeries(e.getKey() + " " + c.network() + " seed " + c.seed() + " data " + c.dataSeed(),
                        false, true);
                for (int i = 0; i < c.losses().size(); i++) {
                    s.add(i + 1, c.losses().get(i));
                }
                renderer.setSeriesPaint(data.getSeriesCount(), color);
                renderer.setSeriesStroke(data.getSeriesCount(), new BasicStroke(1.2f));
                data.addSeries(s);
            }
        }
        NumberAxis epoch = new NumberAxis("epoch");
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epoch.setAutoRangeIncludesZero(false);
        NumberAxis loss = new NumberAxis("training loss (mean per epoch)");
        loss.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, epoch, loss, renderer);
        plot.setFixedLegendItems(legend);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(p.objective() + " · " + p.variableSet() + ": loss, best cell per layer",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png, chart, Charts.WIDTH, Charts.HEIGHT);
        return true;
    }
}
