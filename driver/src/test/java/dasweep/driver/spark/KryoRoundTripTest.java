package dasweep.driver.spark;

import dasweep.driver.trial.StoredNetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.trial.NetworkJob;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialOutcome;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Our records travel through Spark's own Kryo serializer, with registrationRequired, as they are. */
class KryoRoundTripTest {
    static final SerializerInstance KRYO = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrationRequired", "true")
            .set("spark.kryo.registrator", DasweepKryo.class.getName())).newInstance();

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        ClassTag<T> tag = (ClassTag<T>) ClassTag$.MODULE$.apply(value.getClass());
        ByteBuffer bytes = KRYO.serialize(value, tag);
        return KRYO.deserialize(bytes, tag);
    }

    static final TrialSpec SPEC = TrialSpec.builder().objective(new Objective("prefer-area", List.of(0.3, 0.4, 0.5), 0.6))
            .variables(Variable.AREA, Variable.COLOR).site(Site.CONV2).view(View.FLAT).type(InterventionType.LOW_RANK)
            .k(8).multiSource(true).epochs(2).lr(1e-3).batchSize(64).nTrain(100).nEval(50).dataSeed(7).seed(-3).build();

    static Trial trial(String id, TrialSpec spec) {
        return new Trial(id, 3, spec, "net-0", "trained", 0,
                new StoredNetwork("key", "net-0", "trained", "sha", 0.9, List.of(0.5), 1.5, "h", "1"), "das-id");
    }

    @Test
    void aTrialAndItsOutcomeRoundTrip() {
        Trial job = trial("id", SPEC);
        assertEquals(job, roundTrip(job));
        TrialResult result = new TrialResult(0.9, 0.5, 0.95, Double.NaN, List.of(), 0, List.of(1.5), 2, 0.5, "cpu()", 2);
        Provenance where = new Provenance("host", "3", "cpu()", 2, "0.1.0+abc", "0.33.0", "2.5.1", 123, 4.5);
        TrialOutcome ok = new TrialOutcome("id", result, null, where);
        TrialOutcome failed = new TrialOutcome("id", null, "boom", where);
        assertEquals(ok, roundTrip(ok));
        assertEquals(failed, roundTrip(failed));
        TrialOutcome[] collected = roundTrip(new TrialOutcome[] {ok, failed});
        assertEquals(List.of(ok, failed), List.of(collected));
        Provenance packed = new Provenance("host", "3", "cpu()", 2, "0.1.0+abc", "0.33.0", "2.5.1", 123, 4.5, 35,
                "0123456789abcdef");
        TrialOutcome inPack = new TrialOutcome("id", result, null, packed);
        assertEquals(inPack, roundTrip(inPack));
    }

    @Test
    void aPackRoundTrips() {
        Pack pack = new Pack(List.of(trial("a", SPEC), trial("b", SPEC.toBuilder().k(4).seed(9).build())));
        assertEquals(pack, roundTrip(pack));
        Pack[] collected = roundTrip(new Pack[] {pack});
        assertEquals(pack, collected[0]);
    }

    @Test
    void networkRecordsRoundTrip() {
        NetworkJob job = new NetworkJob("key", "equal-0", BaseNetworkSpec.paper(Objective.EQUAL, 3));
        assertEquals(job, roundTrip(job));
        StoredNetwork stored = new StoredNetwork("key", "equal-0", "trained", "sha", 0.97, List.of(0.6, 0.2), 100,
                "host", "1");
        assertEquals(stored, roundTrip(stored));
    }

    @Test
    void aRecordValidatesItselfAgainOnArrival() {
        assertEquals(SPEC.intervention(), roundTrip(SPEC.intervention()));
        TrialSpec vanilla = SPEC.toBuilder().type(InterventionType.VANILLA).multiSource(false).k(1).build();
        assertEquals(6272, roundTrip(vanilla).intervention().k(), "vanilla's k is the whole site, both sides");
    }

    /** An unregistered record is refused: registrationRequired is in force. */
    record Unregistered(int x) {
    }

    @Test
    void anUnregisteredRecordIsRefused() {
        Exception e = assertThrows(Exception.class, () -> roundTrip(new Unregistered(1)));
        assertTrue(String.valueOf(e.getMessage()).contains("not registered"), e.toString());
    }
}
