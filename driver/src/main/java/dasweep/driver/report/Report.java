package dasweep.driver.report;

import dasweep.executor.spec.TrialField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@code report.html} and its PNG charts (beside it, referenced by relative names) from {@link ReportData}. */
public final class Report {
    private static final Logger LOG = LoggerFactory.getLogger(Report.class);

    private Report() {
    }

    /** Writes the report into {@code dir} (created); returns the HTML file. */
    public static Path write(ReportData d, Path dir) throws IOException {
        return write(d, dir, null);
    }

    /** As {@link #write(ReportData, Path)}, with the subspace stability section when {@code subspaces} is not null. */
    public static Path write(ReportData d, Path dir, SubspaceSection subspaces) throws IOException {
        Files.createDirectories(dir);
        List<Panel> panels = Panel.of(d.cells());
        Html h = new Html();
        h.tag("h1", "dasweep report: " + d.title());
        h.note(d.rowsRead() + " rows read; " + d.cells().size() + " cells; " + d.networks().size()
                + " base networks. IIA per cell: each network's trials (seeds, data seeds) averaged first, then mean ± 95% CI"
                + " across networks (t distribution, n − 1 degrees of freedom); a trial's result is its latest OK row.");
        Overview.write(h, panels);
        bestLayers(h, panels);
        charts(h, panels, d.losses(), dir);
        if (subspaces != null) {
            subspaces.write(h);
        }
        Tables.cells(h, d.cells());
        Tables.networks(h, d.networks());
        Tables.failures(h, d.failures());
        Tables.provenance(h, d.provenance());
        Path html = dir.resolve("report.html");
        Path tmp = dir.resolve(".report.html.tmp");
        Files.writeString(tmp, h.page("dasweep report: " + d.title()), StandardCharsets.UTF_8);
        Files.move(tmp, html, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LOG.info("report written: {} ({} panels)", html, panels.size());
        return html;
    }

    private static void bestLayers(Html h, List<Panel> panels) {
        h.tag("h2", "Best layer per variable set");
        h.note("The DAS cell with the highest mean IIA; vanilla at that layer and the trivial IIA beside it. CI: 95%"
                + " interval across networks, clipped to [0, 1] (IIA cannot leave it).");
        List<List<Object>> rows = new ArrayList<>();
        for (Panel p : panels) {
            p.bestDas().ifPresent(c -> {
                var v = p.best(c.get("layer"), "vanilla");
                rows.add(List.of(p.sweep(), p.objective(), p.variableSet(), c.get("layer"), c.get("view"),
                        c.get("intervention"), c.k(), c.get(TrialField.MULTI_SOURCE.key()), c.n(), c.mean(), c.low(), c.high(),
                        v.map(Cell::mean).orElse(Double.NaN), c.meanTrivialIia()));
            });
        }
        h.table("best", List.of("sweep", "objective", "variable set", "best layer", "view", "intervention", "k",
                "multi source", "n", "mean IIA", "CI low", "CI high", "vanilla IIA", "trivial IIA"), rows);
    }

    private static void charts(Html h, List<Panel> panels, List<LossCurves.Curve> losses, Path dir)
            throws IOException {
        h.tag("h2", "IIA by layer and k");
        h.note("Left: mean IIA of DAS by layer × k (other axes at their best setting; n = networks). Middle: IIA by layer,"
                + " mean ± 95% CI across networks: each DAS intervention at its best k, vanilla (the whole site swapped)"
                + " and the trivial IIA (no intervention) as baselines; where the sweep has controls, each DAS line's own"
                + " controls (dotted): its random rotation never trained, and the same cell on untrained networks. Every"
                + " by-layer chart shares one y-axis, IIA 0 to 1, so intervals are clipped to it. Grey heat-map cells: no DAS"
                + " cell of the sweep at that layer × k (k beyond a site's features, or a site/k pair the grid leaves out)."
                + " Right: the training loss per epoch of every trial (network × seed) behind the overview's cell at each"
                + " layer (DAS's best there), one line per trial, coloured by layer; a layer with no DAS cell has none.");
        Map<String, List<Panel>> byVariables = new LinkedHashMap<>();
        panels.forEach(p -> byVariables.computeIfAbsent(p.sweep() + " · " + p.variableSet(), x -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<Panel>> e : byVariables.entrySet()) {
            h.tag("h3", e.getKey());
            for (Panel p : e.getValue()) {
                h.raw("<div class=\"panels\">\n");
                if (!p.ks().isEmpty()) {
                    String heat = "heatmap-" + p.fileId() + ".png";
                    Charts.heatmap(p, dir.resolve(heat).toFile());
                    h.img(heat, Charts.WIDTH, Charts.HEIGHT, "objective " + p.objective() + ": mean IIA by layer × k");
                }
                String line = "layers-" + p.fileId() + ".png";
                Charts.byLayer(p, dir.resolve(line).toFile());
                h.img(line, Charts.WIDTH, Charts.HEIGHT, "objective " + p.objective() + ": IIA by layer with baselines");
                String loss = "losses-" + p.fileId() + ".png";
                if (LossCurves.draw(p, LossCurves.best(p, losses), dir.resolve(loss).toFile())) {
                    h.img(loss, Charts.WIDTH, Charts.HEIGHT, "objective " + p.objective()
                            + ": training loss per epoch, the overview's cell at each layer");
                }
                h.raw("</div>\n");
            }
        }
    }
}
