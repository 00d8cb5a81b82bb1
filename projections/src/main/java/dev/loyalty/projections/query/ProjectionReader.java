package dev.loyalty.projections.query;

import dev.loyalty.projections.ProgramTotals;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API reads from the projections: who owns a customer, and this instance's own
 * stores. Every method may throw {@link Unavailable} while the stores move (a rebalance).
 */
public interface ProjectionReader {

    /** Where the active copy of a customer's projection lives right now. */
    sealed interface Owner permits Local, Remote, NotAvailable {
    }

    /** This instance holds the customer's active copy, in the given partition. */
    record Local(int partition) implements Owner {
    }

    /**
     * Another instance holds the customer's active copy; {@code baseUrl} like {@code http://host:8080}.
     * This instance may hold a standby copy of the partition.
     */
    record Remote(String baseUrl, int partition) implements Owner {
    }

    /**
     * No instance is known to hold the active copy now (a rebalance); {@code partition} is -1 while
     * even the customer's partition is unknown (before the first assignment).
     */
    record NotAvailable(int partition) implements Owner {
    }

    /** Which of this instance's copies of a partition a read may use. */
    enum Copy {
        /** Only the active copy, and only while it is up to date (not restoring, no rebalance). */
        ACTIVE,
        /** Any copy this instance holds: active, restoring or standby. It may lag behind the ledger. */
        ANY
    }

    Owner owner(String customerId);

    /** The customer's view JSON from this instance's copy of the partition. */
    Optional<byte[]> view(String customerId, int partition, Copy copy);

    /** Up to {@code limit} ledger entries (JSON) of the customer from {@code fromSeq} on, in seq order. */
    List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy);

    /** The totals of the partitions this instance holds. */
    ProgramTotals localTotals();

    /** Base URLs of the other instances that hold partitions. */
    List<String> otherInstances();

    /** Thrown when the stores cannot be read now; the API answers 503 with Retry-After. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
