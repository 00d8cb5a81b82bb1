package dev.loyalty.core.program;

import dev.loyalty.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versions of the program, by number, and the one rule of which applies when: an instant is judged
 * by the latest version whose {@code effectiveFrom} is not after it; the first version also judges
 * everything before its own {@code effectiveFrom} (it seeds a system whose ledger may predate it). The
 * writer, verify, the writer-state rebuild and replay all ask this class.
 */
public final class ProgramVersions {

    private final List<ProgramVersion> versions;

    private ProgramVersions(List<ProgramVersion> versions) {
        this.versions = List.copyOf(versions);
    }

    /** A system that knows one program only, as version 1. */
    public static ProgramVersions single(Program program) {
        return new ProgramVersions(List.of(new ProgramVersion(1, Instant.EPOCH, program)));
    }

    /**
     * Orders the versions by number and keeps those that can follow the ones before them (a later
     * effectiveFrom).
     */
    public static ProgramVersions of(Collection<ProgramVersion> candidates) {
        List<ProgramVersion> kept = new ArrayList<>();
        for (ProgramVersion v : candidates.stream().sorted(Comparator.comparingInt(ProgramVersion::number)).toList()) {
            if (kept.isEmpty() || followsLast(kept, v)) {
                kept.add(v);
            }
        }
        return new ProgramVersions(kept);
    }

    private static boolean followsLast(List<ProgramVersion> kept, ProgramVersion v) {
        ProgramVersion last = kept.get(kept.size() - 1);
        return v.number() > last.number() && v.effectiveFrom().isAfter(last.effectiveFrom());
    }

    /** These versions, or {@code seed} as version 1 while there are none (loyalty.program not yet seeded). */
    public ProgramVersions orSeed(Program seed) {
        return versions.isEmpty() ? single(seed) : this;
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    public List<ProgramVersion> all() {
        return versions;
    }

    public ProgramVersion latest() {
        requireSome();
        return versions.get(versions.size() - 1);
    }

    public Optional<ProgramVersion> number(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    public ProgramVersion inForceAt(Instant at) {
        requireSome();
        ProgramVersion inForce = versions.get(0);
        for (ProgramVersion v : versions) {
            if (v.effectiveFrom().isAfter(at)) {
                break;
            }
            inForce = v;
        }
        return inForce;
    }

    /** The instant the version after {@code v} takes over; null when {@code v} is the latest. */
    public Instant supersededAt(ProgramVersion v) {
        int i = versions.indexOf(v);
        return i >= 0 && i + 1 < versions.size() ? versions.get(i + 1).effectiveFrom() : null;
    }

    /** What a reader of loyalty.program makes of its next record. */
    public sealed interface Admission {
        /** A new version, to be kept with its record. */
        record Accepted(ProgramVersion version) implements Admission {
        }

        /** The record of a version already kept, again (a re-delivery). */
        record Repeated() implements Admission {
        }

        record Ignored(String why) implements Admission {
        }
    }

    /**
     * The one rule by which every reader of loyalty.program (the writer's feed, verify, the CLI) takes its
     * records in order: a version is never replaced, and a record that is not a usable next version claims
     * no number, so a later good record may still take it.
     *
     * @param known the record already kept under {@code key}, or null
     */
    public Admission admit(byte[] known, String key, byte[] value) {
        if (known != null) {
            return Arrays.equals(known, value) ? new Admission.Repeated()
                    : new Admission.Ignored("program version " + key + " is already published and versions never change");
        }
        ProgramVersion version;
        try {
            version = ProgramVersion.parse(key, value);
        } catch (ProgramException e) {
            return new Admission.Ignored(e.getMessage());
        }
        if (!with(version).all().contains(version)) {
            return new Admission.Ignored("program version " + version.number() + " takes effect at "
                    + version.effectiveFrom() + ", not after the versions before it");
        }
        return new Admission.Accepted(version);
    }

    /** These versions and one more. */
    public ProgramVersions with(ProgramVersion next) {
        List<ProgramVersion> all = new ArrayList<>(versions);
        all.add(next);
        return of(all);
    }

    /**
     * Why {@code next} could not be published as the next version at {@code effectiveFrom}, given the wall
     * clock {@code now}; empty when it can. Entries already written never change, so a version must not
     * take effect in the past; and it must apply to every existing account, so it keeps the currency and
     * every tier and reward of the version before it.
     */
    public List<String> refusals(Program next, Instant effectiveFrom, Instant now) {
        List<String> problems = new ArrayList<>();
        if (effectiveFrom.isBefore(now)) {
            problems.add("effectiveFrom " + effectiveFrom + " is in the past (now " + now + "): events already"
                    + " judged would disagree with the version in force at their time");
        }
        if (versions.isEmpty()) {
            return problems;
        }
        ProgramVersion last = latest();
        if (!effectiveFrom.isAfter(last.effectiveFrom())) {
            problems.add("effectiveFrom " + effectiveFrom + " is not after version " + last.number()
                    + "'s effectiveFrom " + last.effectiveFrom());
        }
        Program before = last.program();
        if (!before.currency().equals(next.currency())) {
            problems.add("currency: " + next.currency() + " differs from " + before.currency()
                    + ", the currency existing accounts earned and spent in");
        }
        Set<String> tiers = new TreeSet<>(before.tiers().stream().map(Tier::name).toList());
        next.tiers().forEach(t -> tiers.remove(t.name()));
        if (!tiers.isEmpty()) {
            problems.add("tiers: " + String.join(", ", tiers) + " of version " + last.number()
                    + " removed; accounts may hold them");
        }
        Set<String> rewards = new TreeSet<>(before.rewards().keySet());
        rewards.removeAll(next.rewards().keySet());
        if (!rewards.isEmpty()) {
            problems.add("rewards: " + String.join(", ", rewards) + " of version " + last.number()
                    + " removed; redemptions may name them");
        }
        return problems;
    }

    /** The number the next published version gets. */
    public int nextNumber() {
        return versions.isEmpty() ? 1 : latest().number() + 1;
    }

    /** True when {@code program} is one of these versions' programs, label included. */
    public boolean holds(Program program) {
        return versions.stream().anyMatch(v -> v.program().equals(program));
    }

    /** What {@code GET /program} answers: every version and the one in force at {@code now}. */
    public byte[] toJson(Instant now) {
        return Json.write(new Listing(inForceAt(now).number(), now, versions));
    }

    private record Listing(int inForce, Instant at, List<ProgramVersion> versions) {
    }

    private void requireSome() {
        if (versions.isEmpty()) {
            throw new IllegalStateException("no program version is known yet");
        }
    }
}
