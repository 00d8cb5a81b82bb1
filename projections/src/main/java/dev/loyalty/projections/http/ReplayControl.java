package dev.loyalty.projections.http;

/**
 * Rebuilding the projections in the running process ({@code POST /internal/replay}) and its progress
 * ({@code GET /internal/replay}). Both answer the progress as JSON.
 */
public interface ReplayControl {

    /** Starts a rebuild from the beginning of the ledger. @throws AlreadyRunning when one runs */
    byte[] start(boolean resendSignals);

    byte[] progress();

    /** A rebuild runs already: one at a time. */
    final class AlreadyRunning extends RuntimeException {
        public AlreadyRunning(String message) {
            super(message);
        }
    }
}
