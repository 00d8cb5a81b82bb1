package dev.loyalty.projections;

import dev.loyalty.core.program.Program;

/**
 * A customer's view (SPEC section 6), rendered from the stored customer state when it is asked for
 * rather than written with every ledger entry: queries are far rarer than entries.
 */
public final class CustomerViews {

    private final CustomerProjector projector;

    public CustomerViews(Program program) {
        this.projector = new CustomerProjector(program);
    }

    /** @param storedState a value of {@link ProjectionsTopology#CUSTOMERS_STORE} */
    public byte[] render(byte[] storedState) {
        return projector.view(CustomerState.fromBytes(storedState)).toJson();
    }
}
