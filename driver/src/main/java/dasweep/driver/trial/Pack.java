package dasweep.driver.trial;


import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.PackKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one stage-2 task receives: a pack of trials on one network that share a {@link PackKey}, run side by side
 * (one site-activation cache, batched steps) and returned as one outcome per trial. A pack of one is a plain trial.
 *
 * @param trials the trials, in the order the plan put them
 */
public record Pack(List<Trial> trials) {
    public Pack {
        if (trials == null || trials.isEmpty()) {
            throw new IllegalArgumentException("a pack holds at least one trial");
        }
        trials = List.copyOf(trials);
        Trial first = trials.get(0);
        PackKey key = PackKey.of(first.spec());
        for (Trial t : trials) {
            if (!t.stored().sha256().equals(first.stored().sha256()) || !t.stored().key().equals(first.stored().key())
                    || !PackKey.of(t.spec()).equals(key)) {
                throw new IllegalArgumentException("trial " + t.trialId() + " does not share the network and the "
                        + "pack key of trial " + first.trialId());
            }
        }
    }

    public static Pack of(Trial trial) {
        return new Pack(List.of(trial));
    }

    public int size() {
        return trials.size();
    }

    /** The pack's id: the first 16 hex of sha256 of its trial ids joined by commas; null for a pack of one. */
    public String id() {
        if (trials.size() == 1) {
            return null;
        }
        String ids = String.join(",", trials.stream().map(Trial::trialId).toList());
        return Hashes.sha256(ids.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    public String networkKey() {
        return trials.get(0).stored().key();
    }

    public String networkSha256() {
        return trials.get(0).stored().sha256();
    }
}
