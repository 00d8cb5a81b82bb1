package dev.loyalty.writer;

import dev.loyalty.core.program.ProgramVersions;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of program versions: every valid record of loyalty.program, on every instance.
 * A record another tool wrote that is no usable version, or that would change a version already known
 * (versions are immutable), is left out with an error log and {@link WriterListener#programVersionIgnored}.
 */
final class ProgramVersionFeed implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ProgramVersionFeed.class);

    private final WriterListener listener;
    private KeyValueStore<String, byte[]> store;

    ProgramVersionFeed(WriterListener listener) {
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PublishedProgram.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = String.valueOf(record.key());
        ProgramVersions.Admission admission = PublishedProgram.read(store).admit(store.get(key), key, record.value());
        if (admission instanceof ProgramVersions.Admission.Accepted) {
            store.put(key, record.value());
        } else if (admission instanceof ProgramVersions.Admission.Ignored ignored) {
            ignore(ignored.why());
        }
    }

    private void ignore(String why) {
        LOG.error("ignored a record of the program versions topic; the version in force stays: {}", why);
        listener.programVersionIgnored();
    }
}
