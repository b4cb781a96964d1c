package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dasweep.executor.spec.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pack members intervened in one go: members whose pairs use the same base and source rows (single-source pairs
 * of one data seed do, whatever their variables) and the same k. Their interchanges (spec §6,
 * {@link Interchange}) share the difference δ = s − x and its projection onto all their frames, one product
 * δ·[W₁ … W_P]; each member's part goes back through its own frame in one batched product,
 * {@code out_p = x + (δW_p)·W_pᵀ}, laid out as P consecutive batches for one forward through the layers above
 * the site. The arithmetic of {@link Interchange#apply}, with δ formed and read once instead of P times and no
 * copy to join the members' batches; a stack of one is exactly {@link PackMember#intervene}.
 */
record MemberStack(List<PackMember> members) {

    /** {@code members} in stacks, each member in one, in the order of their first members. */
    static List<MemberStack> of(List<PackMember> members, boolean training) {
        Map<Object, List<PackMember>> stacks = new LinkedHashMap<>();
        for (PackMember m : members) {
            PackMember.Pairs p = m.pairs(training);
            boolean stackable = m.rotation != null && p.sources.length == 1;
            // the index arrays are canonical (PackMember.Indices), so List.equals compares them by identity
            Object key = stackable ? List.of(p.base, p.sources[0], m.spec.intervention().k()) : m;
            stacks.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        return stacks.values().stream().map(MemberStack::new).toList();
    }

    /** The members' intervened site activations for pairs [from, to): member j's are batch rows [jB, (j+1)B). */
    NDArray intervene(Map<int[], NDArray> rows, boolean training, int from, int to) {
        PackMember first = members.get(0);
        if (members.size() == 1) {
            return first.intervene(rows, training, from, to);
        }
        TrialSpec.Intervention at = first.spec.intervention();
        PackMember.Pairs p = first.pairs(training);
        NDArray base = rows.get(p.base);
        NDArray x = Interchange.features(base, at.site(), at.view());
        NDArray delta = Interchange.features(rows.get(p.sources[0]), at.site(), at.view()).sub(x);
        NDList frames = new NDList(members.size());
        for (PackMember m : members) {
            frames.add(Interchange.frame(m.rotation.columns(), at.site(), at.view()));   // (n, k) each
        }
        int count = members.size();
        long height = delta.getShape().get(0);
        NDArray projected = delta.matMul(NDArrays.concat(frames, 1))           // (rows, P·k)
                .reshape(height, count, at.k()).transpose(1, 0, 2);            // (P, rows, k)
        NDArray out = projected.matMul(NDArrays.stack(frames).transpose(0, 2, 1)).add(x);   // (P, rows, n)
        Shape shape = new Shape(count * base.getShape().get(0)).addAll(base.getShape().slice(1));
        return Interchange.unfeatures(out, shape, at.site(), at.view());
    }

    /** Member {@code j}'s rows of {@code batched} (the stack's output, or what the layers above made of it). */
    NDArray part(NDArray batched, int j, int batch) {
        return members.size() == 1 ? batched : batched.get(new NDIndex("{}:{}", j * batch, (j + 1) * batch));
    }
}
