package dasweep.executor.cli;

import dasweep.executor.DasEngine;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dasweep bench --config paper-LAYER --pack N}: the same N trials (the paper's seven variable sets × the
 * layer's k values, in that order: 7 × {4, 8, 16, 32, 64} = 35 at a conv layer, 7 × {1} at fc1) run as one pack
 * ({@link DasEngine#runPack}) and one after another unpacked ({@link DasEngine#runTrial}), alternately, packed
 * first in odd repeats and unpacked first in even ones, in one JVM after a small warm-up trial. Prints wall
 * seconds per side and repeat, their medians, the ratio unpacked ÷ packed and the largest IIA gap between the
 * sides. A benchmark: nothing is asserted.
 */
final class PackBench {
    private static final Logger LOG = LoggerFactory.getLogger(PackBench.class);
    /** The paper's variable sets, in its order: {0,1,2}, {0,1}, {0,2}, {1,2}, {0}, {1}, {2}. */
    static final List<List<Variable>> SETS = List.of(List.of(Variable.values()),
            List.of(Variable.CIRCULARITY, Variable.COLOR), List.of(Variable.CIRCULARITY, Variable.AREA),
            List.of(Variable.COLOR, Variable.AREA), List.of(Variable.CIRCULARITY), List.of(Variable.COLOR),
            List.of(Variable.AREA));

    private PackBench() {
    }

    /** The first {@code n} trials of the variable sets × k grid around {@code base} (a paper configuration). */
    static List<TrialSpec> specs(TrialSpec base, int n) {
        SpecException.check(base.intervention().view() == View.FLAT, "config",
                "--pack takes a paper configuration (paper-conv1 ... paper-fc1)", "seed");
        int[] ks = base.intervention().site() == Site.FC1 ? new int[] {1} : new int[] {4, 8, 16, 32, 64};
        List<TrialSpec> all = new ArrayList<>();
        for (List<Variable> set : SETS) {
            for (int k : ks) {
                all.add(base.toBuilder().variables(set).k(k).build());
            }
        }
        SpecException.check(n >= 1 && n <= all.size(), "pack", "must be between 1 and " + all.size() + " at "
                + base.intervention().site().id() + " (7 variable sets × " + ks.length + " k)", n);
        return all.subList(0, n);
    }

    static Map<String, Object> run(List<TrialSpec> specs, byte[] network, int threads, int repeat) {
        TrialSpec warm = specs.get(0).toBuilder().nTrain(256).nEval(64).epochs(1).build();
        DasEngine.runTrial(warm, network, threads);
        List<Double> packed = new ArrayList<>();
        List<Double> unpacked = new ArrayList<>();
        List<List<Double>> packedIia = new ArrayList<>();
        List<List<Double>> unpackedIia = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            for (boolean pack : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                long t0 = System.nanoTime();
                List<Double> iia = pack ? packed(specs, network, threads) : unpacked(specs, network, threads);
                double seconds = (System.nanoTime() - t0) / 1e9;
                (pack ? packed : unpacked).add(BenchMachine.significant(seconds));
                (pack ? packedIia : unpackedIia).add(iia);
                LOG.info("bench pack of {}, repeat {}/{}: {} {} s", specs.size(), r + 1, repeat,
                        pack ? "packed" : "unpacked", seconds);
            }
        }
        double gap = 0;
        for (int r = 0; r < repeat; r++) {
            for (int i = 0; i < specs.size(); i++) {
                gap = Math.max(gap, Math.abs(packedIia.get(r).get(i) - unpackedIia.get(r).get(i)));
            }
        }
        double p = BenchMachine.median(packed);
        double u = BenchMachine.median(unpacked);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pack_size", specs.size());
        out.put("packed_seconds", packed);
        out.put("unpacked_seconds", unpacked);
        out.put("packed_median_seconds", BenchMachine.significant(p));
        out.put("unpacked_median_seconds", BenchMachine.significant(u));
        out.put("ratio_unpacked_to_packed", BenchMachine.significant(u / p));
        out.put("max_iia_gap", gap);
        out.put("iia_packed", packedIia.get(packedIia.size() - 1));
        out.put("iia_unpacked", unpackedIia.get(unpackedIia.size() - 1));
        out.put("k", specs.stream().map(s -> s.intervention().k()).toList());
        out.put("variables", specs.stream().map(s -> String.join("+", s.variables().stream().map(Variable::id)
                .toList())).toList());
        return out;
    }

    private static List<Double> packed(List<TrialSpec> specs, byte[] network, int threads) {
        Double[] iia = new Double[specs.size()];
        DasEngine.runPack(specs, network, threads, null, done -> {
            for (PackedTrial t : done) {
                iia[t.member()] = t.result() == null ? Double.NaN : t.result().iia();
            }
        });
        return List.of(iia);
    }

    private static List<Double> unpacked(List<TrialSpec> specs, byte[] network, int threads) {
        List<Double> iia = new ArrayList<>();
        for (TrialSpec spec : specs) {
            TrialResult r = DasEngine.runTrial(spec, network, threads);
            iia.add(r.iia());
        }
        return iia;
    }
}
