package dev.loyalty.writer;

import dev.loyalty.core.time.BusinessClock;
import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueStore;

/** Where a writer task keeps its {@link BusinessClock}. */
final class ClockStore {

    static final String STORE = "writer-clock";
    static final String KEY = "latest-occurred-at";

    private ClockStore() {
    }

    /** @param maxLead how far the clock may lead the wall clock; null in simulated time */
    static BusinessClock open(KeyValueStore<String, Long> store, Duration maxLead) {
        return new BusinessClock(store.get(KEY), t -> store.put(KEY, t), maxLead);
    }
}
