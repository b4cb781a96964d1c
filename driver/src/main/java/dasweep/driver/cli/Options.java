package dasweep.driver.cli;

import dasweep.executor.cli.BadInput;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** Checks of option values the reading commands share; each failure is {@link BadInput} naming the option. */
final class Options {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    /** A sweep's name, as the sweep file allows it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Options() {
    }

    /** {@code text} (null passes) when it is a date yyyy-MM-dd between 2000 and 2999. */
    static String date(String option, String text) {
        if (text == null) {
            return null;
        }
        return parseDate(option, text).toString();
    }

    static LocalDate parseDate(String option, String text) {
        try {
            LocalDate d = LocalDate.parse(text, DATE);
            if (d.getYear() >= 2000 && d.getYear() <= 2999) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new BadInput(option + ": must be a date yyyy-MM-dd between 2000-01-01 and 2999-12-31 (found '"
                + cut(text) + "')");
    }

    /** {@code text} (null passes) when it can be a sweep's name. */
    static String sweep(String option, String text) {
        if (text != null && !NAME.matcher(text).matches()) {
            throw new BadInput(option + ": must be a sweep name, 1-64 letters, digits, '.', '_' or '-' (found '"
                    + cut(text) + "')");
        }
        return text;
    }

    static String cut(String text) {
        return dasweep.driver.sweep.SweepException.cut(text);
    }
}
