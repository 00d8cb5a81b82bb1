package dev.loyalty.writer;

import dev.loyalty.core.time.BusinessClock;
import org.apache.kafka.streams.state.KeyValueStore;

/** Where a writer task keeps its {@link BusinessClock}. */
final class ClockStore {

    static final String STORE = "writer-clock";
    static final String KEY = "latest-occurred-at";

    private ClockStore() {
    }

    static BusinessClock open(KeyValueStore<String, Long> store) {
        return new BusinessClock(store.get(KEY), t -> store.put(KEY, t));
    }
}
