package io.syncid.gateway.service;

import io.syncid.model.FileNames;

/**
 * The length rules of SPEC §4, which count characters as Unicode code points: an emoji is one character, not the two
 * UTF-16 units {@link String#length()} counts.
 */
public final class TextLimits {

    private TextLimits() {
    }

    /** The length of {@code text} in code points. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether {@code text} has {@code min} to {@code max} code points. */
    public static boolean within(String text, int min, int max) {
        // Cheap bounds first: the code-point count lies between ceil(length / 2) and length.
        int units = text.length();
        if (units <= max && (units + 1) / 2 >= min) {
            return true;
        }
        int length = length(text);
        return length >= min && length <= max;
    }

    /**
     * Null when {@code name} is an acceptable attachment file name ({@link FileNames}, its length in code points),
     * otherwise why not.
     */
    public static String fileNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is required";
        }
        if (length(name) > FileNames.MAX_LENGTH) {
            return "file name is longer than " + FileNames.MAX_LENGTH + " characters";
        }
        if (name.length() <= FileNames.MAX_LENGTH) {
            return FileNames.problem(name);
        }
        // Longer in UTF-16 units than FileNames measures: check its character rules on pieces short enough for it,
        // split between code points (no rule spans two characters but the whole-name "." and "..").
        for (int start = 0; start < name.length();) {
            int end = Math.min(name.length(), start + FileNames.MAX_LENGTH);
            if (end < name.length() && Character.isHighSurrogate(name.charAt(end - 1))) {
                end--;
            }
            String problem = FileNames.problem(name.substring(start, end));
            if (problem != null && !isDotName(name.substring(start, end))) {
                return problem;
            }
            start = end;
        }
        return null;
    }

    private static boolean isDotName(String piece) {
        return piece.equals(".") || piece.equals("..");
    }
}
