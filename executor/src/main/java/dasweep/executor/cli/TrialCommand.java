package dasweep.executor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dasweep trial}: one DAS trial, printed as one JSON line. */
@Command(name = "trial", mixinStandardHelpOptions = true, description = "Run one DAS trial and print one JSON line.")
public final class TrialCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
