package io.syncid.model;

/** The attachment file-name rule of SPEC §4: 1–255 characters, no '/', '\', NUL or control characters, not . or ... */
public final class FileNames {

    public static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    /** Null when {@code name} is an acceptable file name, otherwise why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is required";
        }
        if (name.length() > MAX_LENGTH) {
            return "file name is longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "file name must not be . or ..";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name must not contain / or \\";
            }
            if (Character.isISOControl(c)) {
                return "file name must not contain NUL or control characters";
            }
        }
        return null;
    }
}
