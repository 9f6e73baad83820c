package io.syncid.model;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The universal identity of a document: a UUID version 4 in normalized (lowercase, hyphenated) form (SPEC §2).
 */
public final class SyncId implements Comparable<SyncId> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 36;

    private final String value;

    private SyncId(String value) {
        this.value = value;
    }

    /**
     * Parses a syncId, accepting any letter case; everything but 8-4-4-4-12 hex digits with version 4 and
     * variant 8, 9, a or b is rejected.
     *
     * @throws InvalidSyncIdException with a message that says what is wrong
     */
    @JsonCreator
    public static SyncId parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new InvalidSyncIdException(problem);
        }
        return new SyncId(text.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code text} is an acceptable syncId (null is not). */
    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    /** A fresh syncId from a cryptographically secure random source. */
    public static SyncId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        char[] out = new char[LENGTH];
        int pos = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[pos++] = '-';
            }
            out[pos++] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[pos++] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new SyncId(new String(out));
    }

    /** Returns null when {@code text} is valid, otherwise why it is not. */
    private static String problem(String text) {
        if (text == null) {
            return "syncId is missing";
        }
        if (text.length() != LENGTH) {
            return "syncId must be 36 characters (8-4-4-4-12 hex digits with hyphens), got " + text.length();
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean hyphenSlot = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphenSlot) {
                if (c != '-') {
                    return "syncId must have hyphens at positions 9, 14, 19 and 24";
                }
            } else if (!isAsciiHex(c)) {
                return "syncId must contain only hexadecimal digits and hyphens";
            }
        }
        if (text.charAt(14) != '4') {
            return "syncId must be a UUID version 4";
        }
        char variant = Character.toLowerCase(text.charAt(19));
        if (variant != '8' && variant != '9' && variant != 'a' && variant != 'b') {
            return "syncId must have the RFC 4122 variant (8, 9, a or b)";
        }
        return null;
    }

    private static boolean isAsciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SyncId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public int compareTo(SyncId other) {
        return value.compareTo(other.value);
    }
}
