package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The settings every Kafka client of the system starts from. */
class KafkaConnectionTest {

    @Test
    void clientsKeepTheirMetricsToThemselvesUnlessTheOperatorPassesReportersThrough() throws Exception {
        Map<String, Object> quiet = new KafkaConnection("localhost:1", Map.of()).clientConfig();
        assertThat(quiet).containsEntry("bootstrap.servers", "localhost:1")
                .containsEntry("metric.reporters", "")
                .containsEntry("enable.metrics.push", false);
        assertThat(producerMetricsInJmx(quiet, "quiet-client")).isFalse();

        Map<String, Object> withJmx = new KafkaConnection("localhost:1",
                Map.of("metric.reporters", JmxReporter.class.getName(), "enable.metrics.push", "true")).clientConfig();
        assertThat(withJmx).containsEntry("metric.reporters", JmxReporter.class.getName())
                .containsEntry("enable.metrics.push", "true");
        assertThat(producerMetricsInJmx(withJmx, "jmx-client")).isTrue();
    }

    /** Whether a producer made from {@code config} shows its metrics over JMX (it needs no broker to be made). */
    private static boolean producerMetricsInJmx(Map<String, Object> config, String clientId)
            throws MalformedObjectNameException {
        Map<String, Object> producerConfig = new HashMap<>(config);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer());
        try {
            return ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new ObjectName("kafka.producer:type=producer-metrics,client-id=" + clientId));
        } finally {
            producer.close(Duration.ZERO);
        }
    }
}
