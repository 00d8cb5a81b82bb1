package dev.loyalty.writer;

import dev.loyalty.core.account.Decider;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.program.ProgramException;
import dev.loyalty.core.program.ProgramVersion;
import dev.loyalty.core.program.ProgramVersions;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The program versions as a processor sees them in the global store, with the {@link Decider} and
 * {@link EventCodec} built from them; rebuilt only when a version arrives. Until loyalty.program holds
 * a version, the program of {@link WriterOptions} is version 1.
 */
final class PublishedProgram {

    static final String STORE = "program-versions";

    private final KeyValueStore<String, byte[]> store;
    private final WriterOptions options;
    private long known = -1;
    private ProgramVersions versions;
    private Decider decider;
    private EventCodec codec;

    PublishedProgram(KeyValueStore<String, byte[]> store, WriterOptions options) {
        this.store = store;
        this.options = options;
    }

    Decider decider() {
        refresh();
        return decider;
    }

    /** Input checks follow the latest version: the version in force at the event judges it afterwards. */
    EventCodec codec() {
        refresh();
        return codec;
    }

    private void refresh() {
        long count = store.approximateNumEntries();
        if (count == known) {
            return;
        }
        versions = read(store).orSeed(options.program());
        decider = new Decider(versions, options.seal());
        codec = new EventCodec(versions.latest().program(), options.limits());
        known = count;
    }

    /** The valid versions in {@code store}; restoring a global store copies the topic as it is. */
    static ProgramVersions read(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<ProgramVersion> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> record = all.next();
                try {
                    found.add(ProgramVersion.parse(record.key, record.value));
                } catch (ProgramException e) {
                    // The feed logged this record when it came.
                }
            }
        }
        return ProgramVersions.of(found);
    }
}
