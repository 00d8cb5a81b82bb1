package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.app.Events;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCommandTest {

    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void sendsEachJsonObjectKeyedByCustomerAndRefusesOtherLinesByNumber() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("pub.events", 3, (short) 1))).all().get();
        }
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                Events.purchase("p-1", "c-1", "o-1", "10.00"),
                "[1,2]",
                "",
                Events.engagement("g-1", "c-2", "signup"),
                "{\"type\":\"purchase\"}",
                "not json at all") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "publish", file.toString(), "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "pub.");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("sent 3, refused 2 to pub.events at " + cluster.bootstrapServers());
        assertThat(err.toString()).contains("line 2: refused, not a JSON object", "line 6: refused, not a JSON object");
        List<ConsumerRecord<String, byte[]>> sent = TopicReader.readUntil(cluster.bootstrapServers(), "pub.events",
                records -> records.size() >= 3);
        assertThat(sent).extracting(ConsumerRecord::key, TopicReader::text).containsExactlyInAnyOrder(
                tuple("c-1", Events.purchase("p-1", "c-1", "o-1", "10.00")),
                tuple("c-2", Events.engagement("g-1", "c-2", "signup")),
                tuple(null, "{\"type\":\"purchase\"}"));
    }

    @Test
    void aFileOfValidEventsExitsWithZero() throws Exception {
        Path file = dir.resolve("ok.jsonl");
        Files.writeString(file, Events.purchase("p-9", "c-9", "o-9", "9.00") + "\n");
        StringWriter out = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "publish", file.toString(), "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "ok.");

        assertThat(exit).isEqualTo(0);
        assertThat(out.toString()).startsWith("sent 1, refused 0 to ok.events");
    }

    @Test
    void aDashReadsTheEventsFromStandardInput() throws Exception {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((Events.purchase("p-8", "c-8", "o-8", "8.00") + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        int exit;
        try {
            exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "publish", "-", "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "stdin.");
        } finally {
            System.setIn(stdin);
        }

        assertThat(exit).isEqualTo(0);
        assertThat(out.toString()).startsWith("sent 1, refused 0 to stdin.events");
        assertThat(TopicReader.readUntil(cluster.bootstrapServers(), "stdin.events", records -> !records.isEmpty()))
                .extracting(ConsumerRecord::key).containsExactly("c-8");
    }

    @Test
    void aMissingFileIsBadConfigurationSaidInOneLine() {
        StringWriter err = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "publish", dir.resolve("nowhere.jsonl").toString(), "--bootstrap-servers", cluster.bootstrapServers());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("loyalty publish: no such file " + dir.resolve("nowhere.jsonl"));
    }
}
