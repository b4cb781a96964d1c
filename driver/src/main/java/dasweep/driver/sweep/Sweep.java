package dasweep.driver.sweep;

import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import java.util.List;
import java.util.Objects;

/**
 * A validated sweep file: everything one {@code dasweep run} computes. Built by {@link SweepLoader},
 * which checks every field with its path; the records here only guard their own invariants.
 *
 * @param name       the sweep's name, the {@code sweep} partition of the table
 * @param file       the file it was read from, as given (for messages)
 * @param data       data sizes and the data seed shared by every trial
 * @param objectives the training objectives, by unique name
 * @param trained    trained base networks (null when none)
 * @param imported   imported base networks (may be empty)
 * @param grids      the grid blocks (one, or a list whose products are concatenated), expanded in declared order
 */
public record Sweep(String name, String file, Data data, List<Objective> objectives, Trained trained,
                    List<Imported> imported, List<Grid> grids) {
    public Sweep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        objectives = List.copyOf(objectives);
        imported = List.copyOf(imported);
        grids = List.copyOf(grids);
        if (trained == null && imported.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs trained or imported networks");
        }
    }

    public Objective objective(String objectiveName) {
        return objectives.stream().filter(o -> o.name().equals(objectiveName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no objective " + objectiveName));
    }

    /**
     * Data sizes and seeds shared by every trial.
     *
     * @param nTrain   training pairs per trial (= the training image pool)
     * @param nEval    evaluation pairs per trial (= the evaluation image pool)
     * @param dataSeed seeds the image pools and the pairs
     * @param nTest    fresh images each base network's test accuracy is measured on
     */
    public record Data(int nTrain, int nEval, long dataSeed, int nTest) {
    }

    /**
     * Base networks trained from scratch: {@code count} per objective; network i gets seed {@code seed + i}.
     */
    public record Trained(int count, int images, int epochs, double lr, int batch, long seed) {
    }

    /**
     * A base network imported from a weights file ({@code .pth} or {@code .safetensors}).
     *
     * @param name      unique name, the table's {@code network}
     * @param path      a local path (resolved against the sweep file's directory when relative) or a Hadoop URI
     *                  (hdfs://, s3a://)
     * @param objective the name of the objective it was trained for
     */
    public record Imported(String name, String path, String objective) {
    }

    /** A site axis entry: a layer seen through a view, with its own list of k. */
    public record SiteAxis(Site layer, View view, List<Integer> k) {
        public SiteAxis {
            k = List.copyOf(k);
        }
    }

    /**
     * The grid axes, in expansion order after the networks. {@code dataSeeds} defaults to the data block's
     * {@code data_seed}.
     */
    public record Grid(List<List<Variable>> variables, List<SiteAxis> sites, List<InterventionType> interventions,
                       List<Boolean> multiSource, List<Double> lr, List<Integer> epochs, List<Integer> batch,
                       List<Long> dataSeeds, List<Long> seeds) {
        public Grid {
            variables = variables.stream().map(List::copyOf).toList();
            sites = List.copyOf(sites);
            interventions = List.copyOf(interventions);
            multiSource = List.copyOf(multiSource);
            lr = List.copyOf(lr);
            epochs = List.copyOf(epochs);
            batch = List.copyOf(batch);
            dataSeeds = List.copyOf(dataSeeds);
            seeds = List.copyOf(seeds);
        }
    }
}
