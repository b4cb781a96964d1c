package dasweep.executor.spec;


/**
 * What trials must share to run as one pack on one network ({@link DasEngine#runPack}): the objective, the
 * site and view, single or multi source, the batch size and the data (pool sizes and data seed). Such trials
 * have the same image pools, so one site-activation cache serves them all, and batches of the same size, so
 * their steps line up. They may differ in everything else: variables, intervention type, k, epochs,
 * learning rate and seed.
 *
 * @param objective   the task (its labels)
 * @param site        the intervention site
 * @param view        how the site is read as features
 * @param multiSource one source per variable
 * @param batchSize   pairs per step
 * @param data        pool sizes and data seed
 */
public record PackKey(Objective objective, Site site, View view, boolean multiSource, int batchSize,
                      TrialSpec.Data data) {
    /** The most trials one pack holds: the paper's grid at one site and network is 35 (7 variable sets × 5 k). */
    public static final int MAX_MEMBERS = 64;

    public PackKey {
        SpecException.check(objective != null && site != null && view != null && data != null, "pack",
                "needs an objective, a site, a view and data", null);
        SpecException.positive(batchSize, TrialField.BATCH_SIZE.key());
    }

    /** The key of {@code spec}. */
    public static PackKey of(TrialSpec spec) {
        TrialSpec.Intervention at = spec.intervention();
        return new PackKey(spec.objective(), at.site(), at.view(), at.multiSource(), spec.training().batchSize(),
                spec.data());
    }

    /** The key the trials share. @throws SpecException naming the first trial that does not share the first's */
    public static PackKey common(java.util.List<TrialSpec> specs) {
        SpecException.check(specs != null && !specs.isEmpty(), "pack", "must hold at least one trial", specs);
        PackKey key = of(specs.get(0));
        for (int i = 1; i < specs.size(); i++) {
            SpecException.check(of(specs.get(i)).equals(key), "pack", "trial " + i + " does not share the first "
                    + "trial's objective, site, view, number of sources, batch size and data", of(specs.get(i)));
        }
        return key;
    }
}
