package dev.loyalty.projections.query;

import dev.loyalty.projections.ProgramTotals;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reader whose source can be replaced while the API serves: a replay switches the queries to the
 * rebuilt generation in one step. Every generation partitions customers alike, so a partition found
 * through one reader is valid in the next.
 */
public final class SwitchableProjectionReader implements ProjectionReader {

    private final AtomicReference<ProjectionReader> current;

    public SwitchableProjectionReader(ProjectionReader initial) {
        this.current = new AtomicReference<>(initial);
    }

    public void switchTo(ProjectionReader next) {
        current.set(next);
    }

    @Override
    public Owner owner(String customerId) {
        return current.get().owner(customerId);
    }

    @Override
    public Optional<byte[]> view(String customerId, int partition, Copy copy) {
        return current.get().view(customerId, partition, copy);
    }

    @Override
    public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
        return current.get().history(customerId, partition, fromSeq, limit, copy);
    }

    @Override
    public ProgramTotals localTotals() {
        return current.get().localTotals();
    }

    @Override
    public List<String> otherInstances() {
        return current.get().otherInstances();
    }
}
