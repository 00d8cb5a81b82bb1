package dev.loyalty.http;

import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.util.List;
import java.util.Optional;

/** A single instance holding one customer, c-1, with no ledger entries. */
final class OneCustomerReader implements ProjectionReader {

    static final String VIEW = "{\"customerId\":\"c-1\",\"balance\":42}";

    @Override
    public Owner owner(String customerId) {
        return new Local(0);
    }

    @Override
    public Optional<byte[]> view(String customerId, int partition, Copy copy) {
        return customerId.equals("c-1") ? Optional.of(VIEW.getBytes()) : Optional.empty();
    }

    @Override
    public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
        return List.of();
    }

    @Override
    public ProgramTotals localTotals() {
        return new ProgramTotals();
    }

    @Override
    public List<String> otherInstances() {
        return List.of();
    }
}
