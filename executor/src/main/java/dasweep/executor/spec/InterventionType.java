package dasweep.executor.spec;


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
        return EnumNames.id(this);
    }

    public boolean trained() {
        return this != VANILLA;
    }

    public static InterventionType parse(String field, String text) {
        return EnumNames.parse(values(), field, "intervention", text);
    }
}
