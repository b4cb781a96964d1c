package dasweep.executor.das;

import dasweep.executor.SpecException;
import java.util.Locale;

/**
 * The interchange interventions (spec §6). {@code ROTATED}: a learned n×n orthogonal matrix;
 * {@code LOW_RANK}: a learned n×k matrix with orthonormal columns; {@code VANILLA}: copy the whole
 * site from the source, nothing learned (classic activation patching).
 */
public enum InterventionType {
    ROTATED,
    LOW_RANK,
    VANILLA;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean trained() {
        return this != VANILLA;
    }

    public static InterventionType parse(String field, String text) {
        for (InterventionType t : values()) {
            if (t.id().equalsIgnoreCase(text.trim()) || t.id().replace('_', '-').equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new SpecException(field, "unknown intervention, expected one of rotated, low_rank, vanilla",
                "'" + text + "'");
    }
}
