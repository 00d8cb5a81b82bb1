package dev.loyalty.core.program;

import dev.loyalty.core.ledger.CampaignUse;
import dev.loyalty.core.ledger.Detail;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code verify} can tell from an entry and the program versions alone: the entry names a version
 * that was in force at its time, and its points follow from that version where they can be recomputed
 * from the entry (a purchase's rate, tier and campaign multipliers; an engagement bonus). An entry
 * written before versions were numbered names the program file's label: it counts as version 1.
 */
public final class VersionConformance {

    private final ProgramVersions versions;

    public VersionConformance(ProgramVersions versions) {
        this.versions = versions;
    }

    /** Every way {@code e} disagrees with its version; empty when it agrees. */
    public List<String> problems(LedgerEntry e) {
        List<String> problems = new ArrayList<>();
        int named = named(e.programVersion());
        ProgramVersion inForce = versions.inForceAt(e.occurredAt());
        if (named != inForce.number()) {
            problems.add("names program version " + e.programVersion() + ", but version " + inForce.number()
                    + " was in force at " + e.occurredAt());
            return problems;
        }
        Program p = inForce.program();
        Detail d = e.detail();
        if (e.kind() == EntryKind.EARNED && d != null && d.amount() != null) {
            earned(e, p, d).ifPresent(problems::add);
        } else if (e.kind() == EntryKind.BONUS && d != null && d.campaign() != null) {
            campaignBonus(e, p, d.campaign()).ifPresent(problems::add);
        } else if (e.kind() == EntryKind.BONUS && d != null && d.action() != null) {
            EngagementRule rule = p.engagement().get(d.action());
            if (rule == null || rule.points() != e.points()) {
                problems.add(d.action() + " earns " + (rule == null ? "nothing" : rule.points() + " points")
                        + " in version " + named + ", the entry has " + e.points());
            }
        }
        return problems;
    }

    private static int named(String programVersion) {
        try {
            return Integer.parseInt(programVersion);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Optional<String> earned(LedgerEntry e, Program p, Detail d) {
        if (d.rate() == null || d.rate().compareTo(p.pointsPerUnit()) != 0) {
            return Optional.of("rate " + d.rate() + " is not version's pointsPerUnit " + p.pointsPerUnit());
        }
        Tier tier = p.tiers().stream().filter(t -> t.name().equals(e.tier())).findFirst().orElse(null);
        if (tier == null || d.tierMultiplier() == null || tier.multiplier().compareTo(d.tierMultiplier()) != 0) {
            return Optional.of("tier multiplier " + d.tierMultiplier() + " is not the version's for tier " + e.tier());
        }
        BigDecimal weighted = d.amount();
        for (CampaignUse use : d.campaigns() == null ? List.<CampaignUse>of() : d.campaigns()) {
            Optional<Campaign> campaign = p.campaigns().stream().filter(c -> c.id().equals(use.id())).findFirst();
            if (campaign.isEmpty() || campaign.get().givesBonus() || use.multiplier() == null || use.amount() == null
                    || campaign.get().multiplier().compareTo(use.multiplier()) != 0) {
                return Optional.of("campaign " + use.id() + " x" + use.multiplier() + " is not in the version");
            }
            weighted = weighted.add(use.amount().multiply(use.multiplier().subtract(BigDecimal.ONE)));
        }
        long expected = weighted.multiply(p.pointsPerUnit()).multiply(tier.multiplier())
                .setScale(0, RoundingMode.FLOOR).longValueExact();
        return expected == e.points() ? Optional.empty()
                : Optional.of("earns " + e.points() + " points, the version gives " + expected);
    }

    private static Optional<String> campaignBonus(LedgerEntry e, Program p, String campaignId) {
        Optional<Campaign> campaign = p.campaigns().stream().filter(c -> c.id().equals(campaignId)).findFirst();
        if (campaign.isEmpty() || !campaign.get().givesBonus()) {
            return Optional.of("campaign " + campaignId + " gives no bonus in the version");
        }
        long bonus = campaign.get().bonus();
        return bonus == e.points() ? Optional.empty()
                : Optional.of("campaign " + campaignId + " gives " + bonus + " points in the version, the entry has " + e.points());
    }
}
