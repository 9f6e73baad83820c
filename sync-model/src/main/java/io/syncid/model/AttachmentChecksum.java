package io.syncid.model;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one reading of {@link Attachment#checksum()} that the platform checks: {@code sha256:} followed by the digest in
 * hex (64 digits, any case) or base64 (standard or URL-safe, padded or not), as devices and S3 write it. Other
 * algorithms are allowed by the API (free text up to 255 characters) but are not checked.
 */
public final class AttachmentChecksum {

    /** The prefix of a SHA-256 checksum; the form the platform writes is {@code sha256:<lowercase hex>}. */
    public static final String SHA256_PREFIX = "sha256:";

    private static final int SHA256_BYTES = 32;

    private AttachmentChecksum() {
    }

    /** Whether {@code checksum} declares a SHA-256 digest (prefix in any case), valid or not. */
    public static boolean isSha256(String checksum) {
        return checksum != null && checksum.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length());
    }

    /** The 32 digest bytes of a {@code sha256:} checksum, or null when it is not one or its digest is malformed. */
    public static byte[] sha256Digest(String checksum) {
        if (!isSha256(checksum)) {
            return null;
        }
        String digest = checksum.substring(SHA256_PREFIX.length()).trim();
        if (digest.length() == 2 * SHA256_BYTES && HexFormat.isHexDigit(digest.charAt(0))) {
            try {
                return HexFormat.of().parseHex(digest.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // 64 characters but not all hex: perhaps base64 of something else; tried below
            }
        }
        for (Base64.Decoder decoder : new Base64.Decoder[]{Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] bytes = decoder.decode(digest);
                if (bytes.length == SHA256_BYTES) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                // not this alphabet
            }
        }
        return null;
    }

    /** {@code sha256:<lowercase hex>} of a 32-byte digest. */
    public static String sha256(byte[] digest) {
        if (digest.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + digest.length);
        }
        return SHA256_PREFIX + HexFormat.of().formatHex(digest);
    }
}
