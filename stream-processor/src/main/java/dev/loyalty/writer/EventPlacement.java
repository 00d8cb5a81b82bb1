package dev.loyalty.writer;

import org.apache.kafka.common.utils.Utils;

/**
 * Whether an event is already where its customer's writer is. The writer of a customer is the task of
 * the partition the Java client's default partitioner gives the customer id (murmur2), and a valid
 * event's customerId is its record key when it has one: an event keyed and found on its key's
 * partition needs no re-keying hop (if its customerId is another, it is rejected there). Events from
 * other partitioners (librdkafka's CRC32, a wrong key, no key) go through the re-keying topic, which
 * Kafka Streams partitions the same way, so both paths meet in the same task.
 */
record EventPlacement(boolean rekeying, int eventPartitions) {

    /** Every event goes straight to the writer of its partition: all producers use the Java partitioner. */
    static final EventPlacement NO_REKEYING = new EventPlacement(false, 0);

    /** @param eventPartitions of the events topic; 0 when unknown, then every event is re-keyed */
    static EventPlacement rekeyingOver(int eventPartitions) {
        return new EventPlacement(true, eventPartitions);
    }

    boolean inPlace(byte[] key, int partition) {
        if (!rekeying) {
            return true;
        }
        if (eventPartitions <= 0 || key == null) {
            return false;
        }
        return Utils.toPositive(Utils.murmur2(key)) % eventPartitions == partition;
    }
}
