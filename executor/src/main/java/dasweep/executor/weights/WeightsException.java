package dasweep.executor.weights;

/** A weights file could not be read as the CNN's weights; the message starts with the file. */
public final class WeightsException extends RuntimeException {
    public WeightsException(String source, String problem) {
        super(source + ": " + problem);
    }

    public WeightsException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
