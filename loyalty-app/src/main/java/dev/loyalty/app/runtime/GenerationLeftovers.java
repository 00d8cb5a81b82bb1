package dev.loyalty.app.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * What a projections generation keeps on the cluster: its consumer group (with the committed ledger
 * offsets) and the changelog topic of each store. Removed for a generation that is replaced, and for a
 * failed rebuild, so the next attempt under the same id starts from the beginning of the ledger.
 */
final class GenerationLeftovers {

    private static final long TIMEOUT_SECONDS = 30;

    private GenerationLeftovers() {
    }

    static void remove(Admin admin, String applicationId, Topology topology)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.deleteConsumerGroups(List.of(applicationId)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> internal = changelogTopics(applicationId, topology).stream().filter(existing::contains).toList();
        if (!internal.isEmpty()) {
            admin.deleteTopics(internal).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Named as Kafka Streams names them; the projections have no repartition step, hence no repartition topic. */
    static List<String> changelogTopics(String applicationId, Topology topology) {
        return topology.describe().subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Processor.class::isInstance)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .distinct()
                .map(store -> applicationId + "-" + store + "-changelog")
                .toList();
    }
}
