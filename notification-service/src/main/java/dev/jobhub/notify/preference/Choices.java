package dev.jobhub.notify.preference;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What a batch of users chose, read once for a batch of notifications: see {@link PreferenceStore#choicesWithin}. */
public final class Choices {

    /** One type on one channel for one user: whether it is delivered, and when (email). */
    public record Choice(boolean enabled, boolean critical, DigestFrequency digest, int digestHour, int digestWeekday,
            ZoneId zone) {

        /** Delivered: the user left it on, or an admin made its type critical. */
        public boolean delivers() {
            return enabled || critical;
        }

        /** Immediate unless the user chose a digest; a critical type is never held for one. */
        public DigestFrequency effectiveDigest() {
            return critical ? DigestFrequency.IMMEDIATE : digest;
        }
    }

    private static final Choice DEFAULT = new Choice(true, false, DigestFrequency.IMMEDIATE, 8, 1, ZoneId.of("UTC"));

    private final Map<String, Choice> byKey;
    private final Set<String> criticalTypes;
    private final Map<String, String> emails;
    private final Set<String> online;

    private Choices(Map<String, Choice> byKey, Set<String> criticalTypes, Map<String, String> emails,
            Set<String> online) {
        this.byKey = byKey;
        this.criticalTypes = criticalTypes;
        this.emails = emails;
        this.online = online;
    }

    static Choices of(RowSet<Row> preferences, RowSet<Row> critical, RowSet<Row> profiles) {
        Set<String> criticalTypes = new HashSet<>();
        critical.forEach(row -> criticalTypes.add(row.getString("type")));
        Map<String, Choice> byKey = new HashMap<>();
        for (Row row : preferences) {
            String type = row.getString("type");
            byKey.put(key(row.getString("user_id"), type, row.getString("channel")),
                    new Choice(row.getBoolean("enabled"), criticalTypes.contains(type),
                            DigestFrequency.parse(row.getString("digest"), "digest"), row.getInteger("digest_hour"),
                            row.getInteger("digest_weekday"), zone(row.getString("timezone"))));
        }
        Map<String, String> emails = new HashMap<>();
        Set<String> online = new HashSet<>();
        profiles.forEach(row -> {
            if (row.getString("email") != null) {
                emails.put(row.getString("user_id"), row.getString("email"));
            }
            if (row.getBoolean("hold_email")) {
                online.add(row.getString("user_id"));
            }
        });
        return new Choices(byKey, criticalTypes, emails, online);
    }

    public Choice of(String userId, String type, Channel channel) {
        Choice choice = byKey.get(key(userId, type, channel.wireName()));
        if (choice != null) {
            return choice;
        }
        return criticalTypes.contains(type)
                ? new Choice(true, true, DigestFrequency.IMMEDIATE, DEFAULT.digestHour(), DEFAULT.digestWeekday(),
                        DEFAULT.zone())
                : DEFAULT;
    }

    /**
     * Whether the user's emails wait while they are online: they chose presence-aware email and have a live
     * connection now.
     */
    public boolean holdsEmail(String userId) {
        return online.contains(userId);
    }

    /** The user's email address, or null if they have none on file. */
    public String email(String userId) {
        return emails.get(userId);
    }

    private static String key(String userId, String type, String channel) {
        return userId + '\u0000' + type + '\u0000' + channel;
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            return DEFAULT.zone();
        }
    }
}
