package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACLs the secured broker grants are exactly those docs/security.md lists. */
class KafkaAclsTest {

    private static final Map<String, KafkaRole> ROLES = Map.of("publisher", KafkaRole.PUBLISHER,
            "ledger writer", KafkaRole.WRITER, "projections", KafkaRole.PROJECTIONS, "marketing", KafkaRole.MARKETING,
            "operator", KafkaRole.OPERATOR);
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    @TempDir
    Path dir;

    /** One ACL as the doc writes it: role, resource type, pattern, name, operation. */
    record Acl(KafkaRole role, ResourceType type, PatternType pattern, String name, AclOperation operation) {
    }

    @Test
    void theGrantedAclsAreExactlyTheDocumentedOnes() throws IOException {
        KafkaPrincipals principals = KafkaPrincipals.loadOrGenerate(dir.resolve("principals.properties"));
        RunSettings defaults = RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of()));
        Map<String, KafkaRole> roleByPrincipal = new HashMap<>();
        for (KafkaRole role : KafkaRole.values()) {
            roleByPrincipal.put("User:" + principals.credentials(role).username(), role);
        }

        Set<Acl> granted = new HashSet<>();
        for (AclBinding b : KafkaAcls.forSystem(defaults, principals)) {
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.entry().host()).isEqualTo("*");
            granted.add(new Acl(roleByPrincipal.get(b.entry().principal()), b.pattern().resourceType(),
                    b.pattern().patternType(), b.pattern().name(), b.entry().operation()));
        }

        assertThat(granted).containsExactlyInAnyOrderElementsOf(documented());
    }

    /** The rows of the ACL table: one per principal, resource and pattern, with names and operations listed. */
    private static Set<Acl> documented() throws IOException {
        Set<Acl> acls = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "security.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 7 || !ROLES.containsKey(cells[1].trim())) {
                continue;
            }
            KafkaRole role = ROLES.get(cells[1].trim());
            ResourceType type = ResourceType.fromString(cells[2].trim());
            PatternType pattern = PatternType.fromString(cells[3].trim());
            Matcher names = NAME.matcher(cells[4]);
            while (names.find()) {
                for (String operation : cells[5].split(",")) {
                    acls.add(new Acl(role, type, pattern, names.group(1),
                            AclOperation.fromString(operation.trim().toUpperCase(Locale.ROOT))));
                }
            }
        }
        return acls;
    }
}
