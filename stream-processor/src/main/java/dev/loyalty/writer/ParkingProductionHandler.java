package dev.loyalty.writer;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the broker refuses a record the writer sends. A redemption result or a re-keyed
 * event is not lost silently: the event is parked on loyalty.rejections as {@code INTERNAL_ERROR} and
 * processing goes on. A refused rejection is logged and counted (there is nowhere else to park it). A
 * refused ledger entry stops the writer instead: the account already counts it, and skipping it would
 * leave a gap in the customer's ledger. Every size the writer sends is bounded well below what a broker
 * accepts, so that takes a broker that refuses for another reason.
 */
public final class ParkingProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ParkingProductionHandler.class);

    private ParkedEvents parked;

    @Override
    public void configure(Map<String, ?> configs) {
        parked = ParkedEvents.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        String topic = record.topic();
        if (topic.equals(parked.topics().ledger())) {
            LOG.error("the broker refused a ledger entry for {}; stopping the writer rather than leaving a gap "
                    + "in the ledger", topic, exception);
            return Response.fail();
        }
        if (topic.equals(parked.topics().rejections())) {
            parked.failed();
            LOG.error("the broker refused a rejection record on {} for the event at {}-{}@{}", topic,
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.resume();
        }
        List<ProducerRecord<byte[], byte[]>> parking = parked.park(context, exception);
        LOG.error("the broker refused a record on {}; parked the event at {}-{}@{} as INTERNAL_ERROR", topic,
                context.topic(), context.partition(), context.offset(), exception);
        return Response.resume(parking);
    }
}
