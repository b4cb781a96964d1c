package dasweep.executor.spec;

/**
 * One member of a pack as it finishes: its result, or the failure that ended it alone (a diverging loss, a
 * non-finite score; in the driver, whatever ended a trial or its whole pack). Exactly one of the two is set.
 *
 * @param member       the member's position in the pack
 * @param result       its result; null when it failed
 * @param failure      why it failed; null when it succeeded
 * @param setupSeconds its share of the pack's setup (pools, pairs, network, site cache: the pack's setup time ÷ its
 *                     size), plus, for a member that failed while training, its shares of the epochs it trained; so
 *                     setup + train + eval seconds, summed over a pack's members, is the pack's wall time. NaN when
 *                     the member ran alone and nothing was split
 */
public record PackedTrial(int member, TrialResult result, Throwable failure, double setupSeconds) {
    public PackedTrial {
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("a packed trial has a result or a failure, not both or neither");
        }
        SpecException.check(member >= 0, "member", "must not be negative", member);
    }

    public static PackedTrial ok(int member, TrialResult result) {
        return new PackedTrial(member, result, null, Double.NaN);
    }

    public static PackedTrial failed(int member, Throwable failure) {
        return new PackedTrial(member, null, failure, Double.NaN);
    }

    /**
     * Told about the members of a pack as they finish; the members reported in one call finished together
     * (trained their last epoch in the same batched steps, or failed at the same step), so a caller that
     * shares out time shares it evenly among them.
     */
    @FunctionalInterface
    public interface Listener {
        void finished(java.util.List<PackedTrial> members);
    }
}
