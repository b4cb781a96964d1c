package dasweep.driver.report;

/** Input the report, compare and export commands cannot work with: one line for the user, exit code 2. */
public final class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message);
    }
}
