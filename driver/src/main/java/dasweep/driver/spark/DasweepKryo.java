package dasweep.driver.spark;

import dasweep.driver.trial.StoredNetwork;

import com.esotericsoftware.kryo.Kryo;
import dasweep.driver.trial.NetworkJob;
import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialOutcome;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Every class dasweep ships through Spark's Kryo ({@code registrationRequired=true}): our records, through
 * {@link RecordSerializer}, as they are; the enums and lists inside them; the arrays {@code collect} returns;
 * and the Spark SQL types a Parquet read ships.
 */
public final class DasweepKryo implements KryoRegistrator {
    /** The records that travel between driver and executors (tasks in, outcomes back). */
    public static final List<Class<? extends Record>> RECORDS = List.of(Pack.class, Trial.class, TrialOutcome.class,
            Provenance.class, TrialSpec.class, TrialSpec.Intervention.class, TrialSpec.Training.class,
            TrialSpec.Data.class, Objective.class, TrialResult.class, NetworkJob.class, BaseNetworkSpec.class,
            StoredNetwork.class, Subspace.class);

    private static final List<String> SPARK_SQL = List.of("org.apache.spark.sql.types.StructType",
            "org.apache.spark.sql.types.StructField", "[Lorg.apache.spark.sql.types.StructField;",
            "org.apache.spark.sql.types.ArrayType", "org.apache.spark.sql.types.Metadata",
            "org.apache.spark.sql.types.StringType$", "org.apache.spark.sql.types.IntegerType$",
            "org.apache.spark.sql.types.LongType$", "org.apache.spark.sql.types.DoubleType$",
            "org.apache.spark.sql.types.BooleanType$", "org.apache.spark.sql.types.TimestampType$",
            "org.apache.spark.sql.types.TimestampNTZType$", "org.apache.spark.sql.types.DateType$",
            "org.apache.spark.sql.types.FloatType$", "org.apache.spark.sql.types.BinaryType$",
            "org.apache.spark.sql.types.MapType",
            "org.apache.spark.sql.types.NullType$"); // a column null in every row, read by inference (control in JSON)

    @Override
    public void registerClasses(Kryo kryo) {
        for (Class<? extends Record> type : RECORDS) {
            register(kryo, type);
            kryo.register(java.lang.reflect.Array.newInstance(type, 0).getClass());
        }
        for (Class<?> e : List.of(Site.class, View.class, InterventionType.class, Variable.class, Control.class,
                LrSchedule.class, Init.class)) {
            kryo.register(e);
        }
        kryo.register(ArrayList.class);
        kryo.register(float[].class);
        kryo.register(Object[].class);
        for (String name : SPARK_SQL) {
            try {
                kryo.register(Class.forName(name, false, DasweepKryo.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Spark SQL class " + name + " is missing", e);
            }
        }
    }

    private static <T extends Record> void register(Kryo kryo, Class<T> type) {
        kryo.register(type, new RecordSerializer<>(type));
    }
}
