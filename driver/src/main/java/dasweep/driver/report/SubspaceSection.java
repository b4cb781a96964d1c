package dasweep.driver.report;

import dasweep.driver.subspace.Stability;
import dasweep.driver.subspace.SubspacePairs;
import dasweep.driver.subspace.SubspaceTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's "subspace stability" section: the kept subspaces compared ({@code dasweep subspaces}' pairs) per layer
 * × k beside chance, the variables × variables overlap per layer and k, and what the subspaces score on held-out
 * pairs ({@code iia − iia_heldout} per layer).
 *
 * @param kept    subspaces kept in the selected rows
 * @param pairs   their comparisons
 * @param heldout per sweep, layer and view: trials, mean iia, mean iia_heldout, mean and sd of the gap
 */
public record SubspaceSection(List<SubspacePairs.Kept> kept, List<SubspacePairs.Pair> pairs, List<SqlRow> heldout) {

    /** A trial's latest OK DAS row with a held-out IIA (kept subspace or not). */
    static final String HELDOUT = "SELECT sweep, layer, view, count(*), avg(iia), avg(iia_heldout),"
            + " avg(iia - iia_heldout), stddev_samp(iia - iia_heldout), avg(iia_high - iia_low) FROM (SELECT *,"
            + " row_number() OVER (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) AS latest"
            + " FROM " + TableSource.VIEW + " WHERE status = 'OK' AND iia_heldout IS NOT NULL AND control IS NULL)"
            + " WHERE latest = 1 GROUP BY sweep, layer, view ORDER BY sweep, layer, view";

    /** The section for the rows {@code source} has selected ({@link TableSource#select}). */
    public static SubspaceSection of(TableSource source, String table) {
        List<SubspacePairs.Kept> kept = SubspaceTable.kept(source.query(SubspaceTable.keptSql(TableSource.VIEW))
                .stream().map(SqlRow::values).toList());
        var conf = source.hadoopConf();
        List<SubspacePairs.Pair> pairs = SubspacePairs.compare(kept,
                (uri, sha) -> SubspaceTable.load(uri, sha, table, conf));
        return new SubspaceSection(kept, pairs, source.query(HELDOUT));
    }

    void write(Html h) {
        h.tag("h2", "Subspace stability");
        if (kept.isEmpty() && heldout.isEmpty()) {
            h.note("No kept subspaces or held-out IIAs in these rows (written before they existed, or keep_subspaces:"
                    + " false).");
            return;
        }
        long networks = kept.stream().map(SubspacePairs.Kept::networkSha256).distinct().count();
        h.note(kept.stream().filter(k -> k.control() == null).count() + " kept subspaces on " + networks + " networks, compared only within one network, layer and"
                + " view (different networks share no basis). similarity = mean squared cosine of the principal angles"
                + " (1: the same subspace; 0: orthogonal); chance = what two random subspaces of those sizes give"
                + " (k/n). Mean ± 95% CI over pairs (t distribution; pairs sharing a trial are not independent).");
        List<List<Object>> rows = new ArrayList<>();
        for (Stability.Group g : Stability.replicates(pairs)) {
            rows.add(List.of(g.key().get(0), g.key().get(1), g.key().get(2), g.key().get(3), g.key().get(4), g.n(),
                    g.mean(), g.mean() - g.halfWidth(), g.mean() + g.halfWidth(), g.chance(), g.mean() / g.chance()));
        }
        h.tag("h3", "The same cell trained again: another seed, another data seed; and its own random start");
        h.note("seed: the same cell and data, another rotation seed (another random start); data_seed: another draw of"
                + " pools and pairs from the same start; init: the trained subspace against its random start (the"
                + " random_rotation control, where the sweep ran it): near 1 means training barely moved it.");
        h.table("subspace-stability", List.of("sweep", "layer", "view", "k", "against", "pairs",
                "mean similarity", "CI low", "CI high", "chance", "× chance"), rows);
        h.tag("h3", "Variable sets at the same k: how much their subspaces overlap");
        for (Stability.Matrix m : Stability.variables(pairs)) {
            List<String> head = new ArrayList<>(List.of(m.key().get(0) + " · " + m.key().get(1) + " · "
                    + m.key().get(2) + " · k " + m.key().get(3)));
            head.addAll(m.sets());
            List<List<Object>> matrix = new ArrayList<>();
            for (int i = 0; i < m.sets().size(); i++) {
                List<Object> row = new ArrayList<>(List.of(m.sets().get(i)));
                for (int j = 0; j < m.sets().size(); j++) {
                    row.add(m.mean()[i][j]);
                }
                matrix.add(row);
            }
            h.table("variables-" + m.key().get(1) + "-" + m.key().get(2) + "-k" + m.key().get(3), head, matrix);
            h.note("chance " + Html.num(m.chance()));
        }
        List<List<Object>> nested = new ArrayList<>();
        for (Stability.Group g : Stability.by(pairs, p -> p.comparison().equals("k") ? List.of(p.first().sweep(),
                p.first().layer(), p.first().view(), p.first().k(), p.second().k()) : null)) {
            nested.add(List.of(g.key().get(0), g.key().get(1), g.key().get(2), g.key().get(3), g.key().get(4), g.n(),
                    g.mean(), g.chance()));
        }
        h.tag("h3", "Nested k: how much of the smaller subspace lies in the larger");
        h.table("subspace-nested", List.of("sweep", "layer", "view", "smaller k", "larger k", "pairs",
                "mean similarity", "chance"), nested);
        List<List<Object>> held = new ArrayList<>();
        for (SqlRow r : heldout) {
            held.add(List.of(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getDouble(4),
                    r.getDouble(5), r.getDouble(6), r.isNull(7) ? Double.NaN : r.getDouble(7), r.getDouble(8) / 2));
        }
        h.tag("h3", "Held out: the subspace on pairs from images it never saw");
        h.note("iia_heldout: the learned subspace applied, untrained, to as many fresh pairs from a fresh pool; iia −"
                + " iia_heldout above 0 is overfitting to the training draw. Beside it the mean half-width of each IIA's"
                + " own 95% Wilson interval.");
        h.table("subspace-heldout", List.of("sweep", "layer", "view", "trials", "mean iia", "mean iia_heldout",
                "mean iia − iia_heldout", "sd", "IIA ± (Wilson)"), held);
    }
}
