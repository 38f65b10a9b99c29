package dev.jobhub.support.egress;

/**
 * A host the platform will not dial: its message says why, for the user, and names no configuration secret. It is
 * an answer, not an error: no stack trace is kept.
 */
public class EgressRefusedException extends Exception {

    /** The code a refused dial fails a test or a job with. */
    public static final String CODE = "address_refused";

    public EgressRefusedException(String message) {
        super(message, null, false, false);
    }
}
