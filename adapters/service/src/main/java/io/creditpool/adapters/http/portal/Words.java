package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Money;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/** Numbers, money, dates and ledger entries in words, as the page shows them (English, UTC). */
final class Words {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Words() {
    }

    static String credits(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    /** {@code 2000 USD} as {@code $20.00}; a code Java does not know as {@code 20.00 XTS}. */
    static String money(Money money) {
        Currency currency = currency(money.currency());
        int digits = digits(money.currency());
        java.math.BigDecimal amount = java.math.BigDecimal.valueOf(money.minorUnits(), digits);
        if (currency == null) {
            return amount.toPlainString() + " " + money.currency();
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(amount);
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Decimals of the currency's minor unit: 2 for USD, 0 for JPY, 2 for a code Java does not know. */
    private static int digits(String code) {
        Currency currency = currency(code);
        return currency == null || currency.getDefaultFractionDigits() < 0 ? 2 : currency.getDefaultFractionDigits();
    }

    /** Minor units of {@code currency} from what a person types: {@code 200}, {@code 200.5}, {@code 1,000.00}. */
    static long minorUnits(String field, String typed, String currency) {
        int digits = digits(currency);
        try {
            java.math.BigDecimal value = new java.math.BigDecimal(typed.trim().replace(",", ""));
            return value.movePointRight(digits).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new io.creditpool.kernel.domain.InvalidInputException(field, "must be an amount of money with at "
                    + "most " + digits + " decimals, such as 200" + (digits > 0 ? ".00" : "") + ", was '" + typed
                    + "'");
        }
    }

    /** A typed minor-unit amount back as the page shows it in a form field: {@code 20000} as {@code 200.00}. */
    static String plainMoney(long minorUnits, String currency) {
        int digits = digits(currency);
        return java.math.BigDecimal.valueOf(minorUnits, digits).toPlainString();
    }

    static String day(Instant at) {
        return at == null ? "never" : DAY.format(at);
    }

    static String when(Instant at) {
        return WHEN.format(at);
    }

    /** Calendar days (UTC) from {@code now} to {@code end}: 0 when {@code end} is today or past. */
    static long daysUntil(Instant now, Instant end) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.ofInstant(now, ZoneOffset.UTC),
                java.time.LocalDate.ofInstant(end, ZoneOffset.UTC));
        return Math.max(0, days);
    }

    /** When plan credits refresh, seen from {@code now}: "in 12 days, on Apr 1, 2026", "tomorrow, on ...". */
    static String refresh(Instant now, Instant end) {
        long days = daysUntil(now, end);
        String when = days == 0 ? "today" : days == 1 ? "tomorrow" : "in " + credits(days) + " days";
        return when + ", on " + day(end);
    }

    /** {@code used} as a whole percentage of {@code of} (rounded down; {@code of} above 0). */
    static long percent(long used, long of) {
        return java.math.BigInteger.valueOf(used).multiply(java.math.BigInteger.valueOf(100))
                .divide(java.math.BigInteger.valueOf(of)).longValueExact();
    }

    static String limit(MemberLimit limit) {
        return limit.unlimited() ? "unlimited" : credits(limit.credits()) + " credits";
    }

    /**
     * One ledger entry as a sentence ("alice used 120 credits", "auto top-up bought 2,000 credits for $20.00"), or
     * null for an entry the activity list leaves out (the grant of a purchase, which its charge already tells);
     * {@code currency} is the plan's, for amounts the ledger keeps in minor units (an auto top-up's monthly cap).
     */
    static String entry(LedgerEntry e, String currency) {
        if (e instanceof LedgerEntry.CreditsConsumed c) {
            return c.member() + " used " + credits(c.credits()) + " credits";
        }
        if (e instanceof LedgerEntry.CreditsGranted g) {
            return g.source() == GrantSource.PLAN ? "the cycle brought " + credits(g.credits()) + " plan credits"
                    : null;
        }
        if (e instanceof LedgerEntry.CreditsExpired x) {
            return credits(x.credits()) + " " + source(x.source()) + " credits expired";
        }
        if (e instanceof LedgerEntry.ChargeAttempted c) {
            String who = c.source() == GrantSource.AUTO_TOP_UP ? "auto top-up" : "a top-up";
            return c.succeeded() ? who + " bought " + credits(c.credits()) + " credits for " + money(c.price())
                    : who + " of " + credits(c.credits()) + " credits for " + money(c.price())
                            + " was declined by the card processor";
        }
        if (e instanceof LedgerEntry.CreditsReserved r) {
            return r.member() + " reserved " + credits(r.credits()) + " credits";
        }
        if (e instanceof LedgerEntry.ReservationSettled r) {
            return r.member() + "'s reservation of " + credits(r.reserved()) + " credits was " + r.ending().word()
                    + ": " + credits(r.consumed()) + " used";
        }
        if (e instanceof LedgerEntry.SettingChanged s) {
            return setting(s.by(), s.setting(), s.value(), currency);
        }
        return null;
    }

    private static final java.util.regex.Pattern AUTO_TOP_UP = java.util.regex.Pattern.compile(
            "threshold (\\d+), amount (\\d+)(?:, monthly cap (\\d+))?");

    private static String setting(MemberId by, String setting, String value, String currency) {
        if (setting.equals("team")) {
            return by + " created the team";
        }
        if (setting.startsWith("member ")) {
            String member = setting.substring("member ".length());
            return value.equals("removed") ? by + " removed " + member
                    : by + " invited " + member + value.replaceFirst("^invited", "");
        }
        if (setting.startsWith("role of ")) {
            return by + " made " + setting.substring("role of ".length()) + " " + (value.equals("admin") ? "an admin"
                    : "a " + value);
        }
        if (setting.startsWith("monthly limit of ")) {
            String member = setting.substring("monthly limit of ".length());
            return value.equals("unlimited") ? by + " let " + member + " use unlimited credits"
                    : by + " set " + member + "'s monthly limit to " + credits(Long.parseLong(value)) + " credits";
        }
        if (setting.startsWith("own monthly limit of ")) {
            return value.equals("unlimited") ? by + " let go of the monthly limit they had set themselves"
                    : by + " set their own monthly limit to " + credits(Long.parseLong(value)) + " credits";
        }
        if (setting.startsWith("group of ")) {
            String member = setting.substring("group of ".length());
            return value.equals(io.creditpool.kernel.domain.GroupId.NONE) ? by + " took " + member
                    + " out of their group" : by + " moved " + member + " into group " + value;
        }
        if (setting.startsWith("group ")) {
            String group = setting.substring("group ".length());
            if (value.equals("deleted")) {
                return by + " deleted group " + group;
            }
            if (value.startsWith("created: ")) {
                return by + " made group " + group + " (" + capWords(value) + ")";
            }
            return by + " changed group " + group + ": " + value.replace("cap unlimited", "no cap");
        }
        if (setting.equals("auto top-up")) {
            java.util.regex.Matcher m = AUTO_TOP_UP.matcher(value);
            if (m.matches()) {
                return by + " set auto top-up to buy " + credits(Long.parseLong(m.group(2))) + " credits below "
                        + credits(Long.parseLong(m.group(1))) + (m.group(3) == null ? ", no monthly cap"
                                : ", at most " + money(new Money(Long.parseLong(m.group(3)), currency)) + " a month");
            }
            return value.equals("disabled") ? by + " turned auto top-up off" : by + " set auto top-up: " + value;
        }
        return by + " changed " + setting + ": " + value;
    }

    /** A group's cap as its creation in the ledger says it: "1,000 credits a month" or "no cap". */
    private static String capWords(String created) {
        String cap = created.substring(created.lastIndexOf("cap ") + 4);
        return cap.equals("unlimited") ? "no cap" : credits(Long.parseLong(cap)) + " credits a month";
    }

    /** A group's cap in words: "500 credits a month" or "no cap". */
    static String cap(io.creditpool.kernel.domain.GroupCap cap) {
        return cap.unlimited() ? "no cap" : credits(cap.credits()) + " credits a month";
    }

    private static String source(GrantSource source) {
        return switch (source) {
            case PLAN -> "plan";
            case TOP_UP -> "top-up";
            case AUTO_TOP_UP -> "auto top-up";
        };
    }
}
