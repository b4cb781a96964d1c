package dasweep.driver.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** A failed trial's error, short enough for a table cell: the exception chain, each with its first frames. */
public final class Failures {
    static final int FRAMES = 3;

    private Failures() {
    }

    public static String describe(Throwable e) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            lines.add((t == e ? "" : "caused by: ") + t);
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                lines.add("    at " + frames[i]);
            }
        }
        return String.join("\n", lines);
    }
}
