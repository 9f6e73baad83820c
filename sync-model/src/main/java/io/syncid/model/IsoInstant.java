package io.syncid.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants at the speed of the ingest path: every accepted operation parses one ({@code occurredAt}) and
 * writes two, and {@code java.time}'s general formatter spent a tenth of the gateway's CPU on that. The common shapes
 * take a direct path; everything else goes to {@code java.time}, so the results (and errors) are always exactly
 * {@link Instant#toString()} and {@link OffsetDateTime#parse(CharSequence)}'s.
 */
public final class IsoInstant {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with four digits and no sign. */
    private static final long MIN_FAST_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_SECOND = 253_402_300_799L;
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private IsoInstant() {
    }

    /** Exactly {@code instant.toString()}: {@code 2026-11-25T10:15:30Z}, with 3, 6 or 9 fraction digits as needed. */
    public static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < MIN_FAST_SECOND || epochSecond > MAX_FAST_SECOND) {
            return instant.toString();
        }
        long epochDay = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int nano = instant.getNano();
        char[] out = new char[30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int end = 19;
        if (nano > 0) {
            out[end++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, end, nano / 1_000_000, 3);
                end += 3;
            } else if (nano % 1000 == 0) {
                digits(out, end, nano / 1000, 6);
                end += 6;
            } else {
                digits(out, end, nano, 9);
                end += 9;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    /**
     * Exactly {@code OffsetDateTime.parse(text).toInstant()}: an ISO-8601 date-time with an offset ({@code Z} or
     * {@code ±hh:mm}).
     *
     * @throws DateTimeParseException when {@code OffsetDateTime.parse} would
     */
    public static Instant parseOffsetDateTime(String text) {
        Instant fast = fastParse(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with valid fields, else null (left to java.time): a shape every
     * ISO-8601 instant parser of {@code java.time} reads to this same instant.
     */
    static Instant fastParse(String s) {
        int length = s.length();
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int pos = 19;
        int nano = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < length && pos - start < 9 && isDigit(s.charAt(pos))) {
                nano = nano * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            int fractionDigits = pos - start;
            if (fractionDigits == 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        }
        int offsetSeconds;
        if (pos == length - 1 && s.charAt(pos) == 'Z') {
            offsetSeconds = 0;
        } else if (pos == length - 6 && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && s.charAt(pos + 3) == ':') {
            int offsetHours = number(s, pos + 1, 2);
            int offsetMinutes = number(s, pos + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > MAX_OFFSET_SECONDS) {
                return null;
            }
            if (s.charAt(pos) == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long epochSecond = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    /** The decimal number in {@code s[from, from + width)}, or -1 when any of those is not an ASCII digit. */
    private static int number(String s, int from, int width) {
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
