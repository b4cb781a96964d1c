package dasweep.driver.report;

import java.util.ArrayList;
import java.util.List;

/** The report's HTML tables: cells with confidence, base networks, failures, provenance. */
final class Tables {
    private Tables() {
    }

    static void cells(Html h, List<Cell> cells) {
        h.tag("h2", "Every cell, with confidence");
        h.note("n = base networks; sd across networks; 95% CI = mean ± t(0.975, n − 1)·sd/√n, clipped to [0, 1] (blank"
                + " when n = 1)."
                + " control: blank for DAS; a DAS row shows beside it the mean IIA of its controls (random rotation:"
                + " the same cell, its rotation never trained; untrained network: the same cell on untrained networks)"
                + " when the sweep computed them.");
        List<Panel> panels = Panel.of(cells);
        boolean controls = panels.stream().anyMatch(p -> !p.controls().isEmpty());
        List<String> head = new ArrayList<>(CellSql.KEY);
        head.addAll(List.of("n", "trials", "mean IIA", "sd", "CI low", "CI high", "trivial IIA"));
        if (controls) {
            Panel.CONTROLS.forEach(k -> head.add(k.replace('_', ' ') + " IIA"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Panel p : panels) {
            for (Cell c : p.cells()) {
                List<Object> row = new ArrayList<>(c.key());
                row.addAll(List.of(c.n(), c.trials(), c.mean(), c.sd() == null ? Double.NaN : c.sd(),
                        c.n() < 2 ? Double.NaN : c.low(), c.n() < 2 ? Double.NaN : c.high(), c.meanTrivialIia()));
                if (controls) {
                    for (String k : Panel.CONTROLS) {
                        row.add(c.das() ? p.control(c, k).map(Cell::mean).orElse(Double.NaN) : Double.NaN);
                    }
                }
                rows.add(row);
            }
        }
        h.table("cells", head, rows);
    }

    static void networks(Html h, List<ReportData.Network> networks) {
        h.tag("h2", "Base networks");
        h.note("Test accuracy: on fresh test images when the network was trained or imported. Eval accuracy: mean over"
                + " the network's OK trials of its task accuracy on their evaluation images.");
        List<List<Object>> rows = new ArrayList<>();
        for (ReportData.Network n : networks) {
            rows.add(List.of(n.sweep(), n.objective(), n.network(), n.source(), n.sha256().substring(0, Math.min(12,
                    n.sha256().length())), n.testAccuracy(), n.meanBaseAccuracy() == null ? Double.NaN
                    : n.meanBaseAccuracy(), n.okTrials()));
        }
        h.table("networks", List.of("sweep", "objective", "network", "source", "sha256", "test accuracy",
                "eval accuracy", "OK trials"), rows);
    }

    static void failures(Html h, List<ReportData.Failure> failures) {
        h.tag("h2", "Failures");
        if (failures.isEmpty()) {
            h.note("No FAILED rows.");
        } else {
            h.note("FAILED rows grouped by the first line of their error; still failing = trials with no OK row yet"
                    + " (a later run retries them).");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (ReportData.Failure f : failures) {
            rows.add(List.of(f.sweep(), f.reason() == null ? "" : f.reason(), f.rows(), f.stillFailing(), f.example()));
        }
        h.table("failures", List.of("sweep", "reason", "rows", "still failing", "example"), rows);
    }

    static void provenance(Html h, List<ReportData.Provenance> runs) {
        h.tag("h2", "Provenance");
        List<List<Object>> rows = new ArrayList<>();
        for (ReportData.Provenance p : runs) {
            rows.add(List.of(p.sweep(), p.runDate(), p.runId(), p.codeVersion(), p.sparkVersion(), p.djlVersion(),
                    p.pytorchVersion(), p.rows(), p.failed(), p.hosts(), p.devices(), p.firstStart(), p.lastStart()));
        }
        h.table("provenance", List.of("sweep", "run date", "run id", "code version", "Spark", "DJL", "PyTorch", "rows",
                "failed", "hosts", "devices", "first start", "last start"), rows);
    }
}
