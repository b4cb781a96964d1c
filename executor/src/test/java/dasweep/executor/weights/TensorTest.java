package dasweep.executor.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void validatesShapeAgainstData() {
        assertEquals(6, new Tensor(new long[] {2, 3}, new float[6]).numel());
        assertEquals(1, new Tensor(new long[] {}, new float[1]).numel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(new long[] {2, 3}, new float[5]));
        assertEquals("shape (2, 3) has 6 elements but 5 values were given", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {-1}, new float[0]));
        assertEquals("shape (-1,) has a negative dimension", e.getMessage());
    }

    @Test
    void isAValueWithDefensiveCopies() {
        long[] shape = {2};
        float[] data = {1, 2};
        Tensor t = new Tensor(shape, data);
        shape[0] = 9;
        data[0] = 9;
        assertEquals(new Tensor(new long[] {2}, new float[] {1, 2}), t);
        assertEquals(new Tensor(new long[] {2}, new float[] {1, 2}).hashCode(), t.hashCode());
        assertNotEquals(new Tensor(new long[] {1, 2}, new float[] {1, 2}), t);
        assertEquals("(16,)", Tensor.shapeString(new long[] {16}));
        assertEquals("(3, 3136)", Tensor.shapeString(new long[] {3, 3136}));
        assertEquals("Tensor(2,)", t.toString());
    }
}
