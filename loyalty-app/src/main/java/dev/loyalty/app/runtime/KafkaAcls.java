package dev.loyalty.app.runtime;

import static dev.loyalty.app.config.KafkaRole.MARKETING;
import static dev.loyalty.app.config.KafkaRole.OPERATOR;
import static dev.loyalty.app.config.KafkaRole.PROJECTIONS;
import static dev.loyalty.app.config.KafkaRole.PUBLISHER;
import static dev.loyalty.app.config.KafkaRole.WRITER;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of each role, as docs/security.md lists them: what the system needs and nothing more,
 * found by running it on a broker that allows nothing without an ACL and reading what it refused.
 */
final class KafkaAcls {

    /** Marketing's consumer groups are named with this prefix. */
    static final String MARKETING_GROUP_PREFIX = "loyalty-marketing";

    private final List<AclBinding> bindings = new ArrayList<>();
    private final KafkaPrincipals principals;

    private KafkaAcls(KafkaPrincipals principals) {
        this.principals = principals;
    }

    /**
     * Every ACL of the five roles for a system run with {@code settings}. The projections' ids are
     * prefixed: a rebuilt generation N runs as {@code <id>-g<N>}.
     */
    static List<AclBinding> forSystem(RunSettings settings, KafkaPrincipals principals) {
        Topics topics = settings.topics();
        String writerApplicationId = settings.applicationId();
        String projectionsApplicationId = ProjectionsApp.applicationId(settings);
        KafkaAcls acls = new KafkaAcls(principals);
        List<String> signals = List.of(topics.tierChanges(), topics.expiryWarnings(), topics.churnSignals());

        acls.allow(PUBLISHER, TOPIC, LITERAL, topics.events(), WRITE);

        acls.allow(WRITER, TOPIC, LITERAL, topics.events(), READ);
        // The program versions, into a global store (and for run --rebuild-writer-state).
        acls.allow(WRITER, TOPIC, LITERAL, topics.program(), READ);
        // Only run --rebuild-writer-state reads the ledger back.
        acls.allow(WRITER, TOPIC, LITERAL, topics.ledger(), WRITE, READ);
        acls.allow(WRITER, TOPIC, LITERAL, topics.redemptionResults(), WRITE);
        acls.allow(WRITER, TOPIC, LITERAL, topics.rejections(), WRITE);
        acls.allow(WRITER, GROUP, LITERAL, writerApplicationId, READ);
        // Its repartition and changelog topics, and its transactions: exactly-once.
        acls.allow(WRITER, TOPIC, PREFIXED, writerApplicationId + "-", CREATE, READ, WRITE);
        acls.allow(WRITER, TRANSACTIONAL_ID, PREFIXED, writerApplicationId + "-", WRITE);

        acls.allow(PROJECTIONS, TOPIC, LITERAL, topics.ledger(), READ);
        for (String signal : signals) {
            // A replay reads what was sent, so it sends no signal twice.
            acls.allow(PROJECTIONS, TOPIC, LITERAL, signal, WRITE, READ);
        }
        // Every generation's group, changelogs and transactions; a replay deletes the old generation's.
        acls.allow(PROJECTIONS, GROUP, PREFIXED, projectionsApplicationId, READ, DELETE);
        acls.allow(PROJECTIONS, TOPIC, PREFIXED, projectionsApplicationId, CREATE, READ, WRITE, DELETE);
        acls.allow(PROJECTIONS, TRANSACTIONAL_ID, PREFIXED, projectionsApplicationId, WRITE);

        for (String signal : signals) {
            acls.allow(MARKETING, TOPIC, LITERAL, signal, READ);
        }
        acls.allow(MARKETING, GROUP, PREFIXED, MARKETING_GROUP_PREFIX, READ);

        for (String topic : topics.all()) {
            acls.allow(OPERATOR, TOPIC, LITERAL, topic, CREATE, DESCRIBE, DELETE);
        }
        // verify
        acls.allow(OPERATOR, TOPIC, LITERAL, topics.ledger(), READ);
        // program publish, list and show; run seeds version 1 and checks --program against the versions.
        acls.allow(OPERATOR, TOPIC, LITERAL, topics.program(), WRITE, READ);
        return List.copyOf(acls.bindings);
    }

    private void allow(KafkaRole role, ResourceType type, PatternType pattern, String name, AclOperation... operations) {
        String principal = principal(principals.credentials(role).username());
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    static String principal(String username) {
        return "User:" + username;
    }
}
