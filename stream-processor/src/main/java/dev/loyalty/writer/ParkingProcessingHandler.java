package dev.loyalty.writer;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under the writer: an exception while processing one event (a defect we did not
 * foresee) parks that event on loyalty.rejections as {@code INTERNAL_ERROR}, and the stream goes on
 * with the next. The writer builds each event's whole outcome before it stores or sends anything, so
 * a failed event leaves no half-changed account behind.
 */
public final class ParkingProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ParkingProcessingHandler.class);

    private ParkedEvents parked;

    @Override
    public void configure(Map<String, ?> configs) {
        parked = ParkedEvents.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.error("parked the event at {}-{}@{} as INTERNAL_ERROR: processor {} failed on it", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception);
        return Response.resume(parked.park(context, exception));
    }
}
