package dasweep.executor.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor: a shape and its elements in C (row-major) order.
 *
 * <p>Immutable: the constructor copies both arrays and the accessors return copies, so a
 * validated {@link NetworkWeights} cannot be changed afterwards. Use {@link #at(int)} to read
 * single elements without copying.
 *
 * @param shape the dimensions, each {@code >= 0}; {@code []} is a scalar
 * @param data the {@code product(shape)} elements in C order
 */
public record Tensor(long[] shape, float[] data) {

    /** @throws IllegalArgumentException when a dimension is negative or product(shape) != data.length */
    public Tensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " has " + n
                    + " elements but " + data.length + " values were given");
        }
        data = data.clone();
    }

    /** The number of elements, the product of the shape (1 for a scalar). */
    public long numel() {
        return data.length;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A copy of the elements, C order. */
    @Override
    public float[] data() {
        return data.clone();
    }

    /** The element at a flat C-order index. */
    public float at(int flatIndex) {
        return data[flatIndex];
    }

    /** The shape written as Python writes a tuple: {@code (3, 3136)}, {@code (16,)}, {@code ()}. */
    public String shapeString() {
        return shapeString(shape);
    }

    /** The element count of a shape; negative dimensions or overflow past int are rejected. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has a negative dimension");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has too many elements");
            }
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " has too many elements");
        }
        return n;
    }

    /** A shape written as a Python tuple: {@code (3, 3136)}, {@code (16,)}, {@code ()}. */
    public static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    /** Equal when the shapes are equal and every element has the same bits. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString(shape);
    }
}
