package dasweep.executor.spec;

import java.util.Arrays;

/**
 * The subspace a trial learned: the n×(blocks·k) matrix R_S with orthonormal columns that its interchange used
 * (spec §6), in the site's coordinates (the view's n features), row-major. Column block i = [i·k, (i+1)·k) belongs
 * to source i: one block for a single-source trial, one per variable (in source order) for a multi-source one.
 * Float32, exactly the values the trial's evaluation multiplied by, so applying it again reproduces its IIA.
 *
 * @param features n, the site's features in its view
 * @param k        columns per block
 * @param blocks   column blocks (sources)
 * @param basis    n·blocks·k floats, row-major: {@code basis[i·(blocks·k) + j]} is feature i of column j
 */
public record Subspace(int features, int k, int blocks, float[] basis) {
    public Subspace {
        SpecException.positive(features, "subspace.features");
        SpecException.positive(k, "subspace.k");
        SpecException.positive(blocks, "subspace.blocks");
        SpecException.check(basis != null && basis.length == (long) features * k * blocks, "subspace.basis",
                "must hold features·blocks·k = " + (long) features * k * blocks + " floats",
                basis == null ? "null" : basis.length + " floats");
        basis = basis.clone();
    }

    /** All columns: blocks·k. */
    public int columns() {
        return k * blocks;
    }

    /** Block {@code b}'s n×k columns, row-major. */
    public float[] block(int b) {
        SpecException.check(b >= 0 && b < blocks, "subspace.block", "must be in [0, " + blocks + ")", b);
        int m = columns();
        float[] out = new float[features * k];
        for (int i = 0; i < features; i++) {
            System.arraycopy(basis, i * m + b * k, out, i * k, k);
        }
        return out;
    }

    @Override
    public float[] basis() {
        return basis.clone();
    }

    /** Its size stored as float32, in bytes. */
    public long bytes() {
        return 4L * basis.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subspace s && s.features == features && s.k == k && s.blocks == blocks
                && Arrays.equals(s.basis, basis);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * features + k) + blocks) + Arrays.hashCode(basis);
    }

    @Override
    public String toString() {
        return "Subspace[" + features + "×" + blocks + "·" + k + "]";
    }
}
