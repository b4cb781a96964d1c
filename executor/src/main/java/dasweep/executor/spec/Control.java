package dasweep.executor.spec;


/**
 * What a trial is: a DAS trial ({@code NONE}), or one of the honest baselines run beside it. DAS can score well on
 * variables a network does not compute, so a cell's IIA means something only above its controls':
 * <ul>
 *   <li>{@code RANDOM_ROTATION}: the same site, k, data and seed, with the random orthogonal initial rotation never
 *   trained (the spec's epochs are 0);</li>
 *   <li>{@code UNTRAINED_NETWORK}: DAS as specified, on a freshly initialised network of the same architecture
 *   (trained for zero epochs); the network is told apart by its weights, the spec only labels the trial.</li>
 * </ul>
 */
public enum Control {
    NONE,
    RANDOM_ROTATION,
    UNTRAINED_NETWORK;

    /** The control's name in sweep files and the table ({@code random_rotation}); null for {@code NONE}. */
    public String id() {
        return this == NONE ? null : EnumNames.id(this);
    }

    public static Control parse(String field, String text) {
        return EnumNames.parse(new Control[] {RANDOM_ROTATION, UNTRAINED_NETWORK}, field, "control", text);
    }
}
