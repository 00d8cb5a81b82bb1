package dev.loyalty.http;

/**
 * Rebuilding the projections in the running process ({@code POST /internal/replay}) and its progress
 * ({@code GET /internal/replay}). Both answer the progress as JSON.
 */
public interface ReplayControl {

    /** Starts a rebuild from the beginning of the ledger. @throws Refused when one runs, or it cannot run here */
    byte[] start(boolean resendSignals);

    byte[] progress();

    /** No rebuild now: one runs already (one at a time), or this deployment cannot rebuild in place. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
