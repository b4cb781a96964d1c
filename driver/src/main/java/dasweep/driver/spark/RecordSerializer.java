package dasweep.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Kryo 4 (Spark's) predates records: this writes a record as its components, in declaration order, and reads
 * it back through its canonical constructor, so a record that validates itself is validated again on arrival.
 * Lists travel as {@link ArrayList} (the record's constructor copies them into immutable ones); every other
 * component value goes through Kryo as class and object, so its class must be registered too.
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final RecordComponent[] components;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    public RecordSerializer(Class<T> type) {
        super(false, true);
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        components = type.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            accessors = new MethodHandle[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = lookup.unreflect(components[i].getAccessor());
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(types));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("record " + type.getName() + " must be public with a public canonical "
                    + "constructor: " + e, e);
        }
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        for (MethodHandle accessor : accessors) {
            Object value;
            try {
                value = accessor.invoke(record);
            } catch (Throwable e) {
                throw new KryoException("cannot read a component of " + record.getClass().getName(), e);
            }
            kryo.writeClassAndObject(output, value instanceof List<?> l ? new ArrayList<>(l) : value);
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = kryo.readClassAndObject(input);
        }
        try {
            @SuppressWarnings("unchecked")
            T record = (T) constructor.invokeWithArguments(values);
            return record;
        } catch (Throwable e) {
            throw new KryoException("cannot rebuild " + type.getName() + ": " + e, e);
        }
    }
}
