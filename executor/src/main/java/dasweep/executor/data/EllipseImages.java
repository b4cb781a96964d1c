package dasweep.executor.data;

import dasweep.executor.spec.Architecture;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;

import dasweep.executor.spec.SpecException;
import java.util.Arrays;

/**
 * An immutable batch of {@code n} ellipse images (spec §1) with their latents and labels.
 *
 * <p>Pixels are stored image by image, each image row-major 28×28, as {@code float}: 1.0 for the
 * background and the image's {@code color} inside the ellipse. Labels are stored as
 * {@code n × 3} doubles in {@link Variable} order (circularity, color, area), normalised as in the
 * spec: {@code (circularity − 0.3) / 0.7}, {@code color / 0.9},
 * {@code round((area − 16π) / (48π), 2)}.
 *
 * <p>Build one with {@link EllipseGenerator#generate(long, int)} (random latents) or with
 * {@link #of(double[], double[], double[], boolean[])} (given latents, e.g. in tests).
 */
public final class EllipseImages {
    /** Image side in pixels. */
    public static final int SIZE = Architecture.IMAGE;
    /** Pixels per image (28 × 28). */
    public static final int PIXELS = SIZE * SIZE;
    /** The centre pixel, row and column (spec §1). */
    public static final int CENTRE = SIZE / 2;
    /** Background value. */
    public static final float BACKGROUND = 1.0f;

    private static final int LABELS = Variable.values().length;
    private static final double AREA_MIN = 16 * Math.PI;
    private static final double AREA_SPAN = 48 * Math.PI;

    private final float[] pixels;
    private final double[] labels;
    private final double[] colors;
    private final double[] circularities;
    private final double[] areas;
    private final boolean[] rotated;

    private EllipseImages(double[] colors, double[] circularities, double[] areas, boolean[] rotated) {
        int n = colors.length;
        this.colors = colors;
        this.circularities = circularities;
        this.areas = areas;
        this.rotated = rotated;
        this.pixels = new float[n * PIXELS];
        this.labels = new double[n * LABELS];
        for (int i = 0; i < n; i++) {
            render(colors[i], circularities[i], areas[i], rotated[i], pixels, i * PIXELS);
            int o = i * LABELS;
            labels[o + Variable.CIRCULARITY.index()] = circularityLabel(circularities[i]);
            labels[o + Variable.COLOR.index()] = colorLabel(colors[i]);
            labels[o + Variable.AREA.index()] = areaLabel(areas[i]);
        }
    }

    /**
     * Images rendered from the given latents, one image per index (arrays are copied). Each latent
     * must lie in the range the spec draws it from: color in [0, 0.9], circularity in [0.3, 1],
     * area in [16π, 64π] (a little slack is allowed for rounding).
     */
    public static EllipseImages of(double[] colors, double[] circularities, double[] areas, boolean[] rotated) {
        SpecException.check(colors != null && circularities != null && areas != null && rotated != null,
                "latents", "must not be null", null);
        int n = colors.length;
        SpecException.check(circularities.length == n && areas.length == n && rotated.length == n,
                "latents", "must have equal lengths (color, circularity, area, rotated)",
                n + ", " + circularities.length + ", " + areas.length + ", " + rotated.length);
        for (int i = 0; i < n; i++) {
            SpecException.check(colors[i] >= 0 && colors[i] <= 0.9, "color", "must be in [0, 0.9]", colors[i]);
            SpecException.check(circularities[i] >= 0.3 && circularities[i] <= 1, "circularity",
                    "must be in [0.3, 1]", circularities[i]);
            SpecException.check(areas[i] >= AREA_MIN - 0.01 && areas[i] <= 4 * AREA_MIN + 0.01, "area", "must be in [16π, 64π]", areas[i]);
        }
        return new EllipseImages(colors.clone(), circularities.clone(), areas.clone(), rotated.clone());
    }

    /** Package-private: takes ownership of freshly drawn arrays (no copy). */
    static EllipseImages owning(double[] colors, double[] circularities, double[] areas, boolean[] rotated) {
        return new EllipseImages(colors, circularities, areas, rotated);
    }

    /**
     * Renders one image (spec §1) into {@code dest[offset .. offset + 784)}: background 1.0, pixel
     * (r, c) set to {@code color} when {@code ((c−14)/a)² + ((r−14)/b)² ≤ 1} with
     * {@code a = sqrt(area / (π·circularity))} (horizontal) and {@code b = a·circularity}; then, if
     * {@code rotate}, turned 90° counter-clockwise like numpy's {@code rot90}
     * ({@code new[i][j] = old[j][27−i]}). Computed in double, stored as float.
     */
    public static void render(double color, double circularity, double area, boolean rotate,
                              float[] dest, int offset) {
        double a = Math.sqrt(area / (Math.PI * circularity));
        double b = a * circularity;
        float value = (float) color;
        for (int r = 0; r < SIZE; r++) {
            double dy = (r - CENTRE) / b;
            double dy2 = dy * dy;
            for (int c = 0; c < SIZE; c++) {
                double dx = (c - CENTRE) / a;
                boolean inside = dx * dx + dy2 <= 1;
                // unrotated pixel (r, c) lands at (27 − c, r) after rot90: new[i][j] = old[j][27 − i]
                int at = rotate ? (SIZE - 1 - c) * SIZE + r : r * SIZE + c;
                dest[offset + at] = inside ? value : BACKGROUND;
            }
        }
    }

    /** One image (784 floats, row-major) rendered from latents; see {@link #render(double, double, double, boolean, float[], int)}. */
    public static float[] render(double color, double circularity, double area, boolean rotate) {
        float[] image = new float[PIXELS];
        render(color, circularity, area, rotate, image, 0);
        return image;
    }

    /** {@code (circularity − 0.3) / 0.7}. */
    public static double circularityLabel(double circularity) {
        return (circularity - 0.3) / 0.7;
    }

    /** {@code color / 0.9}. */
    public static double colorLabel(double color) {
        return color / 0.9;
    }

    /** {@code round((area − 16π) / (48π), 2)}, rounded like Python's {@code round}. */
    public static double areaLabel(double area) {
        return EllipseGenerator.round2((area - AREA_MIN) / AREA_SPAN);
    }

    /** The number of images. */
    public int count() {
        return colors.length;
    }

    /** The normalised label of {@code variable} for image {@code i}. */
    public double label(int i, Variable variable) {
        return labels[i * LABELS + variable.index()];
    }

    /** The three normalised labels of image {@code i}, in {@link Variable} order (a copy). */
    public double[] labels(int i) {
        return Arrays.copyOfRange(labels, i * LABELS, (i + 1) * LABELS);
    }

    /** The weighted sum {@code c · labels} of image {@code i}, summed in variable order. */
    public double score(int i, Objective objective) {
        return objective.score(labels, i * LABELS);
    }

    /** The task label of image {@code i} (spec §2): {@code c · labels > threshold}. */
    public boolean taskLabel(int i, Objective objective) {
        return objective.label(labels, i * LABELS);
    }

    /** The task labels of all images, as 1.0 / 0.0. */
    public float[] taskLabels(Objective objective) {
        float[] y = new float[count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = taskLabel(i, objective) ? 1f : 0f;
        }
        return y;
    }

    /** The raw color latent of image {@code i} (in [0, 0.9], 2 decimals). */
    public double color(int i) {
        return colors[i];
    }

    /** The raw circularity latent of image {@code i} (in [0.3, 1], 2 decimals). */
    public double circularity(int i) {
        return circularities[i];
    }

    /** The raw area latent of image {@code i} (in [16π, 64π], 2 decimals). */
    public double area(int i) {
        return areas[i];
    }

    /** Whether image {@code i} was rotated by 90° (major axis vertical). */
    public boolean rotated(int i) {
        return rotated[i];
    }

    /** Pixel (row, column) of image {@code i}. */
    public float pixel(int i, int row, int column) {
        return pixels[i * PIXELS + row * SIZE + column];
    }

    /** Image {@code i} as a copy of its 784 pixels (row-major). */
    public float[] image(int i) {
        return Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
    }

    /** All pixels, a copy ({@code count() × 784}). */
    public float[] pixels() {
        return pixels.clone();
    }

    /**
     * Copies the images {@code indices[from .. to)} one after the other into {@code dest}, starting
     * at {@code destOffset}: image {@code indices[from + j]} goes to
     * {@code dest[destOffset + j·784 ..)}. This is how a batch tensor is filled.
     */
    public void copyImages(int[] indices, int from, int to, float[] dest, int destOffset) {
        if (from < 0 || to > indices.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + indices.length);
        }
        if (destOffset < 0 || destOffset + (long) (to - from) * PIXELS > dest.length) {
            throw new IndexOutOfBoundsException("dest too small: " + dest.length + " floats from "
                    + destOffset + " for " + (to - from) + " images");
        }
        int at = destOffset;
        for (int j = from; j < to; j++) {
            System.arraycopy(pixels, indices[j] * PIXELS, dest, at, PIXELS);
            at += PIXELS;
        }
    }

    /** {@link #copyImages(int[], int, int, float[], int)} into {@code dest} from its start. */
    public void copyImages(int[] indices, int from, int to, float[] dest) {
        copyImages(indices, from, to, dest, 0);
    }
}
