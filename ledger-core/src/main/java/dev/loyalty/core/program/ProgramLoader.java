package dev.loyalty.core.program;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a program file: a JSON object whose fields replace the same fields of the default program
 * (a file with only {@code version} and {@code campaigns} keeps the default tiers, rewards, ...).
 * Unknown fields are errors, so a typo never silently falls back to a default.
 */
public final class ProgramLoader {

    private static final ObjectReader READER = Json.MAPPER.readerFor(ProgramFile.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ProgramLoader() {
    }

    public static Program load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProgramException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(file.toString(), bytes);
    }

    public static Program parse(String source, byte[] json) {
        ProgramFile f;
        try {
            f = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new ProgramException(source, List.of(e.getOriginalMessage()
                    + " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ProgramException(source, List.of(e.getMessage()));
        }
        if (f == null) {
            throw new ProgramException(source, List.of("the file must hold a JSON object"));
        }
        Program d = Program.defaults();
        Program p = new Program(
                f.version(),
                or(f.currency(), d.currency()),
                or(f.pointsPerUnit(), d.pointsPerUnit()),
                or(f.maxPurchaseAmount(), d.maxPurchaseAmount()),
                or(f.tiers(), d.tiers()),
                or(f.tierWindowDays(), d.tierWindowDays()),
                or(f.downgradeGraceDays(), d.downgradeGraceDays()),
                or(f.lotLifetimeDays(), d.lotLifetimeDays()),
                or(f.expiryWarningDays(), d.expiryWarningDays()),
                or(f.campaigns(), d.campaigns()),
                or(f.rewards(), d.rewards()),
                or(f.engagement(), d.engagement()),
                or(f.dedupRetentionDays(), d.dedupRetentionDays()),
                or(f.orderRetentionDays(), d.orderRetentionDays()),
                or(f.lapseDays(), d.lapseDays()),
                or(f.atRiskMinPurchases(), d.atRiskMinPurchases()),
                or(f.atRiskMinGapDays(), d.atRiskMinGapDays()),
                or(f.activeDays(), d.activeDays()));
        List<String> problems = validate(p);
        if (!problems.isEmpty()) {
            throw new ProgramException(source, problems);
        }
        return p;
    }

    /**
     * The most code points a name may have (the label, tier names, campaign ids, reward ids, engagement
     * actions), as for the strings of an event: names travel in every ledger entry they judge, which must
     * stay far below what a Kafka record holds.
     */
    static final int MAX_NAME_LENGTH = 128;

    /** Every problem of a program, empty when it can be used. */
    public static List<String> validate(Program p) {
        List<String> problems = new ArrayList<>();
        if (p.version() == null || p.version().isBlank()) {
            problems.add("version: required, a non-empty label for this program (ledger entries carry the number the version gets when published)");
        }
        tooLong(problems, "version", p.version());
        try {
            Currency.getInstance(p.currency());
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add("currency: '" + p.currency() + "' is not an ISO 4217 code");
        }
        positive(problems, "pointsPerUnit", p.pointsPerUnit());
        positive(problems, "maxPurchaseAmount", p.maxPurchaseAmount());
        validateTiers(problems, p.tiers());
        positiveInt(problems, "tierWindowDays", p.tierWindowDays());
        nonNegativeInt(problems, "downgradeGraceDays", p.downgradeGraceDays());
        positiveInt(problems, "lotLifetimeDays", p.lotLifetimeDays());
        nonNegativeInt(problems, "expiryWarningDays", p.expiryWarningDays());
        positiveInt(problems, "dedupRetentionDays", p.dedupRetentionDays());
        positiveInt(problems, "lapseDays", p.lapseDays());
        positiveInt(problems, "atRiskMinPurchases", p.atRiskMinPurchases());
        positiveInt(problems, "atRiskMinGapDays", p.atRiskMinGapDays());
        positiveInt(problems, "activeDays", p.activeDays());
        // Orders feed the qualifying-spend history that dates a downgrade; they must outlive window and grace.
        if (p.orderRetentionDays() < p.tierWindowDays() + p.downgradeGraceDays()) {
            problems.add("orderRetentionDays: must be at least tierWindowDays + downgradeGraceDays ("
                    + (p.tierWindowDays() + p.downgradeGraceDays()) + ")");
        }
        validateCampaigns(problems, p);
        boundPurchasePoints(problems, p);
        for (Map.Entry<String, Long> r : p.rewards().entrySet()) {
            tooLong(problems, "rewards: a reward id", r.getKey());
            if (r.getValue() == null || r.getValue() <= 0) {
                problems.add("rewards." + r.getKey() + ": cost must be a positive number of points");
            } else {
                atMostMaxPoints(problems, "rewards." + r.getKey(), r.getValue());
            }
        }
        for (Map.Entry<String, EngagementRule> e : p.engagement().entrySet()) {
            EngagementRule rule = e.getValue();
            tooLong(problems, "engagement: an action", e.getKey());
            if (rule == null || rule.points() <= 0 || rule.limit() <= 0 || rule.per() == null) {
                problems.add("engagement." + e.getKey() + ": needs points > 0, limit > 0 and per"
                        + " (lifetime, day, year or calendar-year)");
            } else {
                atMostMaxPoints(problems, "engagement." + e.getKey() + ".points", rule.points());
            }
        }
        return problems;
    }

    private static void validateCampaigns(List<String> problems, Program p) {
        Set<String> campaignIds = new HashSet<>();
        Set<String> tierNames = new LinkedHashSet<>();
        p.tiers().forEach(t -> tierNames.add(t.name()));
        for (int i = 0; i < p.campaigns().size(); i++) {
            Campaign c = p.campaigns().get(i);
            String at = "campaigns[" + i + "]";
            tooLong(problems, at + ".id", c.id());
            if (c.id() == null || c.id().isBlank()) {
                problems.add(at + ".id: required");
            } else if (!campaignIds.add(c.id())) {
                problems.add(at + ".id: '" + c.id() + "' appears twice");
            }
            if (c.from() != null && c.until() != null && !c.from().isBefore(c.until())) {
                problems.add(at + ": from must be before until");
            }
            if (c.multiplier() == null && c.bonus() == null) {
                problems.add(at + ": needs a multiplier or a bonus");
            } else if (c.multiplier() != null && c.bonus() != null) {
                problems.add(at + ": has both multiplier and bonus; a campaign gives one of them");
            }
            if (c.multiplier() != null && c.multiplier().compareTo(BigDecimal.ONE) < 0) {
                problems.add(at + ".multiplier: must be at least 1");
            }
            if (c.bonus() != null && c.bonus() <= 0) {
                problems.add(at + ".bonus: must be a positive number of points");
            } else if (c.bonus() != null) {
                atMostMaxPoints(problems, at + ".bonus", c.bonus());
            }
            if (c.minTier() != null && !tierNames.contains(c.minTier())) {
                problems.add(at + ".minTier: '" + c.minTier() + "' is not a tier of this program ("
                        + String.join(", ", tierNames) + ")");
            }
            if (c.inactiveDays() != null && c.inactiveDays() <= 0) {
                problems.add(at + ".inactiveDays: must be positive");
            }
            if (Boolean.TRUE.equals(c.firstPurchase()) && c.inactiveDays() != null) {
                problems.add(at + ": firstPurchase and inactiveDays exclude each other (a first purchase has no"
                        + " earlier one)");
            }
        }
    }

    /**
     * The most one purchase can earn (the largest amount at the highest tier and campaign multipliers)
     * stays within what one entry may carry, so no rule of the program can overflow a balance.
     */
    private static void boundPurchasePoints(List<String> problems, Program p) {
        if (!isPositive(p.pointsPerUnit()) || !isPositive(p.maxPurchaseAmount())
                || !p.tiers().stream().allMatch(t -> isPositive(t.multiplier()))
                || !p.campaigns().stream().allMatch(c -> c.multiplier() == null || isPositive(c.multiplier()))) {
            return;
        }
        BigDecimal most = p.maxPurchaseAmount().multiply(p.pointsPerUnit());
        most = most.multiply(p.tiers().stream().map(Tier::multiplier).max(BigDecimal::compareTo).orElse(BigDecimal.ONE));
        most = most.multiply(p.campaigns().stream().map(Campaign::multiplier).filter(Objects::nonNull)
                .max(BigDecimal::compareTo).orElse(BigDecimal.ONE));
        if (most.compareTo(BigDecimal.valueOf(EventCodec.MAX_POINTS)) > 0) {
            problems.add("pointsPerUnit: a purchase of maxPurchaseAmount at the highest tier and campaign multipliers"
                    + " would earn more than " + EventCodec.MAX_POINTS + " points");
        }
    }

    private static void atMostMaxPoints(List<String> problems, String field, long points) {
        if (points > EventCodec.MAX_POINTS) {
            problems.add(field + ": at most " + EventCodec.MAX_POINTS + " points");
        }
    }

    private static boolean isPositive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }

    /** The name itself is not echoed: the problem list must stay short whatever the file holds. */
    private static void tooLong(List<String> problems, String field, String name) {
        if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            problems.add(field + ": at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static void validateTiers(List<String> problems, List<Tier> tiers) {
        if (tiers.isEmpty()) {
            problems.add("tiers: at least one tier is required");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            String at = "tiers[" + i + "]";
            tooLong(problems, at + ".name", t.name());
            if (t.name() == null || t.name().isBlank()) {
                problems.add(at + ".name: required");
            } else if (!names.add(t.name())) {
                problems.add(at + ".name: '" + t.name() + "' appears twice");
            }
            if (t.threshold() == null || t.threshold().signum() < 0) {
                problems.add(at + ".threshold: required, not negative");
            } else if (i == 0 && t.threshold().signum() != 0) {
                problems.add(at + ".threshold: the first tier starts at 0");
            } else if (i > 0 && tiers.get(i - 1).threshold() != null
                    && t.threshold().compareTo(tiers.get(i - 1).threshold()) <= 0) {
                problems.add(at + ".threshold: tiers must be listed by increasing threshold");
            }
            positive(problems, at + ".multiplier", t.multiplier());
        }
    }

    private static void positive(List<String> problems, String field, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            problems.add(field + ": must be a positive number");
        }
    }

    private static void positiveInt(List<String> problems, String field, int value) {
        if (value <= 0) {
            problems.add(field + ": must be positive");
        }
    }

    private static void nonNegativeInt(List<String> problems, String field, int value) {
        if (value < 0) {
            problems.add(field + ": must not be negative");
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The file as written: every field optional except {@code version}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record ProgramFile(
            String version,
            String currency,
            BigDecimal pointsPerUnit,
            BigDecimal maxPurchaseAmount,
            List<Tier> tiers,
            Integer tierWindowDays,
            Integer downgradeGraceDays,
            Integer lotLifetimeDays,
            Integer expiryWarningDays,
            List<Campaign> campaigns,
            Map<String, Long> rewards,
            Map<String, EngagementRule> engagement,
            Integer dedupRetentionDays,
            Integer orderRetentionDays,
            Integer lapseDays,
            Integer atRiskMinPurchases,
            Integer atRiskMinGapDays,
            Integer activeDays) {
    }
}
