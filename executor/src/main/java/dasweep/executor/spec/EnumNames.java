package dasweep.executor.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How sweep files, command lines and table rows name enum constants: by the lower-case constant name
 * ({@code low_rank}, {@code channels_last}). Reading one ignores case and surrounding space and takes {@code -} for
 * {@code _}; anything else is one {@link SpecException} naming the field, the kind of value and the accepted names.
 */
public final class EnumNames {
    private EnumNames() {
    }

    /** The name of {@code constant} in files and rows. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The accepted names, in declaration order, comma separated. */
    @SafeVarargs
    public static <E extends Enum<E>> String ids(E... accepted) {
        return Arrays.stream(accepted).map(EnumNames::id).collect(Collectors.joining(", "));
    }

    /**
     * The constant among {@code accepted} that {@code text} names, or a SpecException for {@code field}:
     * {@code unknown <what>, expected one of <ids> (found '<text>')}.
     */
    public static <E extends Enum<E>> E parse(E[] accepted, String field, String what, String text) {
        String name = text.trim().replace('-', '_');
        for (E constant : accepted) {
            if (id(constant).equalsIgnoreCase(name)) {
                return constant;
            }
        }
        throw new SpecException(field, "unknown " + what + ", expected one of " + ids(accepted), "'" + text + "'");
    }
}
