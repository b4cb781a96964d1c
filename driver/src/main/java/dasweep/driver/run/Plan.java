package dasweep.driver.run;

import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialOutcome;

import dasweep.driver.trial.TrialIds;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * What a run has to do, decided before any trial runs: every trial's id, which are already OK in the table
 * (skipped), which an unfinished earlier run staged (adopted with {@code --resume}), and which to compute.
 *
 * @param trials  the sweep's unique trials, in cell order
 * @param todo    the trials to compute
 * @param skipped trials already OK in the table
 * @param adopted staged outcomes taken over (with {@code --resume}), with the run that computed them
 * @param staged  this sweep's staged outcomes found, adopted or not
 */
public record Plan(List<Trial> trials, List<Trial> todo, int skipped, List<Adopted> adopted,
                   List<Staging.Staged> staged) {

    /** A staged outcome taken over by this run. */
    public record Adopted(Trial trial, Staging.Staged staged) {
    }

    public Plan {
        trials = List.copyOf(trials);
        todo = List.copyOf(todo);
        adopted = List.copyOf(adopted);
        staged = List.copyOf(staged);
    }

    /**
     * The sweep's trials with their networks resolved; cells that hash to the same trial id are kept once. A control
     * cell gets the trial id of the DAS cell it controls.
     *
     * @param networks the stored network of each network ordinal
     */
    public static List<Trial> trials(List<Grid.Cell> cells, Map<Integer, StoredNetwork> networks) {
        Map<String, Trial> byId = new LinkedHashMap<>();
        for (Grid.Cell cell : cells) {
            StoredNetwork net = networks.get(cell.network().ordinal());
            String id = TrialIds.trialId(cell.spec(), net.sha256());
            Grid.Cell das = cell.controls();
            String controls = das == null ? null
                    : TrialIds.trialId(das.spec(), networks.get(das.network().ordinal()).sha256());
            byId.putIfAbsent(id, new Trial(id, cell.index(), cell.spec(), cell.network().name(), cell.network().source(),
                    cell.network().index(), net, controls));
        }
        return List.copyOf(byId.values());
    }

    /**
     * @param done   trial ids already OK in the table
     * @param staged outcomes staged by unfinished runs of this sweep
     * @param resume adopt the staged OK outcomes of trials still to do
     */
    public static Plan of(List<Trial> trials, Set<String> done, List<Staging.Staged> staged, boolean resume) {
        Map<String, Trial> todo = new LinkedHashMap<>();
        trials.stream().filter(t -> !done.contains(t.trialId())).forEach(t -> todo.put(t.trialId(), t));
        int skipped = trials.size() - todo.size();
        List<Adopted> adopted = new ArrayList<>();
        for (Staging.Staged s : staged) {
            Trial t = todo.get(s.trialId());
            if (resume && t != null && s.ok()) {
                todo.remove(t.trialId());
                adopted.add(new Adopted(t, s));
            }
        }
        return new Plan(trials, new ArrayList<>(todo.values()), skipped, adopted, staged);
    }

    /**
     * The staged files made redundant once this plan's rows are in the table: those of trials that are OK there
     * (skipped, adopted, or computed OK by this run). The others stay for a later {@code --resume}.
     */
    public List<Path> redundantStaged(List<TrialOutcome> computed) {
        Set<String> ok = new HashSet<>();
        trials.forEach(t -> ok.add(t.trialId()));
        todo.forEach(t -> ok.remove(t.trialId()));
        computed.stream().filter(TrialOutcome::ok).forEach(o -> ok.add(o.trialId()));
        return staged.stream().filter(s -> ok.contains(s.trialId())).map(Staging.Staged::file).toList();
    }

    public boolean nothingToDo() {
        return todo.isEmpty() && adopted.isEmpty();
    }
}
