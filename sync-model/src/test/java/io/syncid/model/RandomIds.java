package io.syncid.model;

import java.util.Random;

/** Random UUID v4 text built independently of {@link SyncId}, so the tests do not check the code against itself. */
final class RandomIds {

    static final String HEX = "0123456789abcdef";

    private RandomIds() {
    }

    /** A UUID v4 in canonical form: 16 random bytes with the version and variant bits set. */
    static String v4(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        StringBuilder out = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out.append('-');
            }
            out.append(HEX.charAt((bytes[i] >> 4) & 0xf)).append(HEX.charAt(bytes[i] & 0xf));
        }
        return out.toString();
    }

    /** The same text with the case of every letter chosen at random. */
    static String randomCase(String text, Random random) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
