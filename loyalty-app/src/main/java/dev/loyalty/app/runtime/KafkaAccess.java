package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Gives each role of a secured cluster its SCRAM credentials and exactly its ACLs: ACLs of these
 * principals that are not in the plan (left by an earlier start with other topic names or ids) are
 * removed. Run as a super user.
 */
final class KafkaAccess {

    private static final long TIMEOUT_SECONDS = 30;
    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaAccess() {
    }

    static void grant(Admin superUser, KafkaPrincipals principals, List<AclBinding> plan)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<KafkaPrincipals.Credentials> users = principals.all();
        superUser.alterUserScramCredentials(users.stream().<UserScramCredentialAlteration>map(c ->
                        new UserScramCredentialUpsertion(c.username(),
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), c.password()))
                        .toList())
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        Set<String> ours = users.stream().map(c -> KafkaAcls.principal(c.username())).collect(Collectors.toSet());
        Set<AclBinding> wanted = new HashSet<>(plan);
        Collection<AclBinding> existing = superUser.describeAcls(AclBindingFilter.ANY).values()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<AclBindingFilter> stale = existing.stream()
                .filter(b -> ours.contains(b.entry().principal()) && !wanted.contains(b))
                .map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            superUser.deleteAcls(stale).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        List<AclBinding> missing = plan.stream().filter(b -> !existing.contains(b)).toList();
        if (!missing.isEmpty()) {
            superUser.createAcls(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        awaitApplied(superUser, users.stream().map(KafkaPrincipals.Credentials::username).toList(), wanted, ours);
    }

    /**
     * Credentials and ACLs reach the broker through the metadata log a moment after the controller
     * accepted them; a client that connected in that moment would be refused.
     */
    private static void awaitApplied(Admin admin, List<String> users, Set<AclBinding> wanted, Set<String> ours)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Set<String> known = admin.describeUserScramCredentials().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .values().stream().filter(d -> !d.credentialInfos().isEmpty())
                    .map(UserScramCredentialsDescription::name).collect(Collectors.toSet());
            Set<AclBinding> applied = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(b -> ours.contains(b.entry().principal())).collect(Collectors.toSet());
            if (known.containsAll(users) && applied.equals(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker did not apply the Kafka principals and ACLs within "
                        + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }
}
