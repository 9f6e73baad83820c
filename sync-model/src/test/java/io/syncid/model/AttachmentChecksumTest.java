package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The {@code sha256:} checksum of an attachment in every spelling a device or S3 may use. */
class AttachmentChecksumTest {

    private static final byte[] DIGEST = digest("policy");

    @Test
    void hexInAnyCaseAndBase64InEitherAlphabetWithOrWithoutPaddingAreTheSameDigest() {
        String hex = HexFormat.of().formatHex(DIGEST);
        String base64 = Base64.getEncoder().encodeToString(DIGEST);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(DIGEST);
        for (String checksum : new String[]{"sha256:" + hex, "SHA256:" + hex.toUpperCase(), "sha256:" + base64,
                "sha256:" + base64.replace("=", ""), "Sha256:" + urlSafe}) {
            assertThat(AttachmentChecksum.sha256Digest(checksum)).as(checksum).isEqualTo(DIGEST);
        }
        assertThat(AttachmentChecksum.sha256(DIGEST)).isEqualTo("sha256:" + hex);
    }

    @Test
    void otherAlgorithmsAreNotSha256AndAMalformedDigestHasNoBytes() {
        assertThat(AttachmentChecksum.isSha256("md5:abc")).isFalse();
        assertThat(AttachmentChecksum.isSha256(null)).isFalse();
        assertThat(AttachmentChecksum.sha256Digest("md5:abc")).isNull();
        assertThat(AttachmentChecksum.isSha256("sha256:x")).isTrue();
        assertThat(AttachmentChecksum.sha256Digest("sha256:x")).isNull();
        assertThat(AttachmentChecksum.sha256Digest("sha256:" + "g".repeat(64))).isNull();
        assertThat(AttachmentChecksum.sha256Digest("sha256:" + "ab".repeat(31))).as("31 bytes").isNull();
        assertThatThrownBy(() -> AttachmentChecksum.sha256(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
