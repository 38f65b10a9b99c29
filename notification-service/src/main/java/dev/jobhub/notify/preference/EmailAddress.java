package dev.jobhub.notify.preference;

import java.util.regex.Pattern;

/**
 * The shape an email address must have to be stored: one {@code @}, a dot in the domain, no spaces, control
 * characters or header syntax (an address goes into a mail header), at most 254 characters (RFC 5321's path limit).
 */
public final class EmailAddress {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s<>(),;:\"\\[\\]\\\\]+@[^@\\s<>(),;:\"\\[\\]\\\\]+\\.[^@\\s<>(),;:\"\\[\\]\\\\.]+");

    private EmailAddress() {
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= 254 && SHAPE.matcher(address).matches()
                && address.chars().noneMatch(Character::isISOControl);
    }
}
