package dev.loyalty.http;

import java.util.Optional;

/**
 * Whether this instance serves: {@code GET /health/ready} (and {@code GET /health}) answer 200 when
 * it is ready (status {@code DEGRADED} with the reason when it serves only in part), else 503 with
 * the reason.
 */
@FunctionalInterface
public interface Readiness {

    /** Always ready: for an API whose data source needs no warming up. */
    Readiness READY = Optional::empty;

    /** Empty when this instance answers queries and processing runs; otherwise why not, for people. */
    Optional<String> notReadyBecause();

    /**
     * Empty when nothing is missing; otherwise what a ready instance cannot do right now (queries
     * are answered, but from stores that may lag), for people.
     */
    default Optional<String> degradedBecause() {
        return Optional.empty();
    }
}
