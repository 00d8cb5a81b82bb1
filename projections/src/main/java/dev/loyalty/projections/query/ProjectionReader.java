package dev.loyalty.projections.query;

import dev.loyalty.projections.ProgramTotals;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API reads from the projections: who owns a customer, and this instance's own
 * stores. Every method may throw {@link Unavailable} while the stores move (a rebalance).
 */
public interface ProjectionReader {

    /** Where a customer's projection lives right now. */
    sealed interface Owner permits Local, Remote, NotAvailable {
    }

    /** This instance holds the customer, in the given partition. */
    record Local(int partition) implements Owner {
    }

    /** Another instance holds the customer; {@code baseUrl} like {@code http://host:8080}. */
    record Remote(String baseUrl) implements Owner {
    }

    /** Nobody can answer for the customer now (a rebalance). */
    record NotAvailable() implements Owner {
    }

    Owner owner(String customerId);

    /** The customer's view JSON from this instance's store. */
    Optional<byte[]> view(String customerId, int partition);

    /** Up to {@code limit} ledger entries (JSON) of the customer from {@code fromSeq} on, in seq order. */
    List<byte[]> history(String customerId, int partition, long fromSeq, int limit);

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
