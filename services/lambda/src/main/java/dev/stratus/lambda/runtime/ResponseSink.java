package dev.stratus.lambda.runtime;

/**
 * Where a streamed response goes while the runtime writes it (InvokeWithResponseStream): each piece as it arrives
 * on the Runtime API, instead of the whole response once the runtime finished.
 */
public interface ResponseSink {

    /** The next piece of the response; may block while the reader is behind (back-pressure on the runtime). */
    void write(byte[] piece) throws InterruptedException;
}
