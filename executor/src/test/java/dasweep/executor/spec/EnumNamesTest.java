package dasweep.executor.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnumNamesTest {
    @Test
    void namesAreLowerCaseConstantNamesReadIgnoringCaseSpaceAndDashes() {
        assertEquals("low_rank", EnumNames.id(InterventionType.LOW_RANK));
        assertEquals(InterventionType.LOW_RANK, InterventionType.parse("f", " Low-Rank "));
        assertEquals(Flatten.CHANNELS_LAST, Flatten.parse("f", "CHANNELS_LAST"));
        assertEquals(LrSchedule.WARMUP_COSINE, LrSchedule.parse("f", "warmup-cosine"));
        assertEquals(Init.KERAS, Init.parse("f", " Keras "));
    }

    @Test
    void anUnknownNameIsOneErrorNamingFieldKindAcceptedNamesAndValue() {
        SpecException e = assertThrows(SpecException.class, () -> Control.parse("grid.controls", "none"));
        assertEquals("grid.controls: unknown control, expected one of random_rotation, untrained_network "
                + "(found 'none')", e.getMessage());
    }
}
