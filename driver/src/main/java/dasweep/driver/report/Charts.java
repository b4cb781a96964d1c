package dasweep.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/** The report's PNG charts, drawn with JFreeChart on a headless AWT. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Pixel size of every chart. */
    public static final int WIDTH = 560;
    public static final int HEIGHT = 380;

    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {
    }

    /** Mean IIA (best setting of the other axes) by layer × k of a panel's DAS cells. */
    public static void heatmap(Panel p, File png) throws IOException {
        List<String> layers = p.layers();
        List<Integer> ks = p.ks();
        int size = layers.size() * ks.size();
        double[][] xyz = new double[3][size];
        XYPlot plot = new XYPlot();
        double lo = 0.5;
        int i = 0;
        for (int x = 0; x < layers.size(); x++) {
            for (int y = 0; y < ks.size(); y++, i++) {
                Optional<Cell> c = p.heat(layers.get(x), ks.get(y));
                xyz[0][i] = x;
                xyz[1][i] = y;
                xyz[2][i] = c.map(Cell::mean).orElse(Double.NaN);
                if (c.isPresent()) {
                    lo = Math.min(lo, Math.floor(c.get().mean() * 10) / 10);
                    XYTextAnnotation a = new XYTextAnnotation(String.format("%.3f (n=%d)", c.get().mean(), c.get().n()), x, y);
                    a.setFont(SMALL);
                    a.setPaint(c.get().mean() > 0.8 ? Color.BLACK : Color.WHITE);
                    plot.addAnnotation(a);
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("mean IIA", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        Viridis scale = new Viridis(lo, 1.0);
        renderer.setPaintScale(scale);
        plot.setDataset(data);
        plot.setRenderer(renderer);
        SymbolAxis layerAxis = new SymbolAxis("layer", layers.toArray(String[]::new));
        SymbolAxis kAxis = new SymbolAxis("k", ks.stream().map(String::valueOf).toArray(String[]::new));
        layerAxis.setGridBandsVisible(false);
        kAxis.setGridBandsVisible(false);
        plot.setDomainAxis(layerAxis);
        plot.setRangeAxis(kAxis);
        plot.setBackgroundPaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(p.objective() + " · " + p.variableSet() + ": mean IIA, layer × k",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        NumberAxis legendAxis = new NumberAxis("mean IIA");
        legendAxis.setRange(lo, 1.0);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png, chart, WIDTH, HEIGHT);
    }

    /**
     * Mean IIA ± 95% CI by layer: each DAS kind at its best k, its controls (of that same cell), vanilla, and the
     * trivial IIA.
     */
    public static void byLayer(Panel p, File png) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (String layer : p.layers()) {
            for (String kind : p.dasKinds()) {
                Optional<Cell> c = p.best(layer, kind);
                data.add(c.map(Cell::mean).orElse(null), c.map(x -> ci(x.ci())).orElse(null), kind + " (best k)", layer);
                for (String control : p.controls()) {
                    Optional<Cell> k = c.flatMap(x -> p.control(x, control));
                    data.add(k.map(Cell::mean).orElse(null), k.map(x -> ci(x.ci())).orElse(null),
                            kind + " · " + control.replace('_', ' '), layer);
                }
            }
            Optional<Cell> v = p.best(layer, "vanilla");
            if (p.cells().stream().anyMatch(c -> c.get("intervention").equals("vanilla"))) {   // no empty series
                data.add(v.map(Cell::mean).orElse(null), v.map(x -> ci(x.ci())).orElse(null), "vanilla", layer);
            }
            Optional<Cell> t = p.cells().stream().filter(c -> c.get("layer").equals(layer)).findFirst();
            data.add(t.map(Cell::meanTrivialIia).orElse(null), t.map(x -> ci(x.trivialCi())).orElse(null),
                    "trivial (no intervention)", layer);
        }
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(true, true);
        renderer.setErrorIndicatorStroke(new BasicStroke(1.5f));
        int s = 0;
        for (Object key : data.getRowKeys()) {
            String name = key.toString();
            renderer.setSeriesPaint(s, name.startsWith("trivial") ? Color.GRAY
                    : name.equals("vanilla") ? new Color(0xD55E00) : PALETTE[s % PALETTE.length]);
            if (name.contains(" · ")) { // a control: dotted
                renderer.setSeriesStroke(s, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {1.5f, 3f}, 0f));
            }
            if (name.startsWith("trivial")) {
                renderer.setSeriesStroke(s, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {4f, 4f}, 0f));
            }
            s++;
        }
        NumberAxis iia = new NumberAxis("IIA (mean ± 95% CI across networks)");
        iia.setAutoRangeIncludesZero(false);
        iia.setUpperBound(1.0);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("layer"), iia, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(p.objective() + " · " + p.variableSet() + ": IIA by layer",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        iia.setRange(0.0, 1.0);     // one y-axis for every panel; intervals are clipped to it
        ChartUtils.saveChartAsPNG(png, chart, WIDTH, HEIGHT);
    }

    private static Double ci(double halfWidth) {
        return Double.isNaN(halfWidth) ? 0.0 : halfWidth;
    }

    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00)};

    /** A perceptually ordered blue→green→yellow scale (viridis' end points and middle). */
    static final class Viridis implements PaintScale {
        private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        private final double lo;
        private final double hi;

        Viridis(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return new Color(0, 0, 0, 0);
            }
            double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo))) * (STOPS.length - 1);
            int a = Math.min((int) t, STOPS.length - 2);
            double f = t - a;
            int[] c = new int[3];
            for (int j = 0; j < 3; j++) {
                c[j] = (int) Math.round(STOPS[a][j] + f * (STOPS[a + 1][j] - STOPS[a][j]));
            }
            return new Color(c[0], c[1], c[2]);
        }
    }
}
