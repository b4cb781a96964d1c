package dasweep.executor.cli;

/**
 * Input a command cannot work with (an option, a file, a table): {@link Exit#guarded} prints its message as one line
 * on stderr, {@code dasweep <command>: <message>}, and the command exits with {@link Exit#BAD_INPUT}.
 */
public final class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message);
    }
}
