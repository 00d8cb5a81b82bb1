package dev.loyalty.writer;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** The ledger writer: loyalty.events in; loyalty.ledger, redemption results and rejections out. */
public final class LedgerWriterTopology {

    public static final String DEFAULT_APPLICATION_ID = "loyalty-ledger-writer";

    private LedgerWriterTopology() {
    }

    public static Topology build(WriterOptions options) {
        throw new UnsupportedOperationException("being written");
    }

    /** Streams settings the writer needs whatever the deployment: exactly-once above all. */
    public static Properties requiredStreamsConfig() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }
}
