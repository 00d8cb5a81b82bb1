package dev.loyalty.app.cli;

import dev.loyalty.app.config.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Asks a Kafka cluster whether it answers, before a verb starts work that would otherwise wait for
 * the clients' one-minute default to fail without naming the address.
 */
public final class KafkaProbe {

    public static final Duration WITHIN = Duration.ofSeconds(10);

    private KafkaProbe() {
    }

    /** Empty when the cluster answered within {@link #WITHIN}, else why not, in one line. */
    public static Optional<String> problem(KafkaConnection connection) {
        int timeoutMs = (int) WITHIN.toMillis();
        Map<String, Object> config = connection.clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        String where = "cannot reach Kafka at " + connection.bootstrapServers() + ": ";
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId().get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(where + (e.getCause() instanceof TimeoutException
                    ? "no answer within " + WITHIN.toSeconds() + " s (is ./loyalty run up, and is this its Kafka port?"
                        + " --bootstrap-servers, --kafka-port)"
                    : e.getCause().getMessage()));
        } catch (KafkaException e) {
            return Optional.of(where + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(where + "interrupted");
        }
    }
}
