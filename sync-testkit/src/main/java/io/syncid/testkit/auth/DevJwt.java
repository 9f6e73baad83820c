package io.syncid.testkit.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Signs RS256 device tokens for tests and the local runner, with the JDK only. Never for production: real tokens come
 * from the identity provider.
 */
public final class DevJwt {

    /** Issuer the gateway expects by default outside production. */
    public static final String DEV_ISSUER = "https://syncid.local/dev";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String issuer;

    private DevJwt(PrivateKey privateKey, PublicKey publicKey, String issuer) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.issuer = issuer;
    }

    /** A signer with the PKCS#8 PEM private key at {@code pem}. */
    public static DevJwt fromPem(Path pem, String issuer) {
        try {
            String body = Files.readString(pem)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new DevJwt(key, null, issuer);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read private key " + pem, e);
        }
    }

    /** A signer with a fresh random key pair (e.g. the "wrong key" of a test). */
    public static DevJwt generate(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new DevJwt(pair.getPrivate(), pair.getPublic(), issuer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as PEM, when this signer generated its own pair. */
    public String publicKeyPem() {
        if (publicKey == null) {
            throw new IllegalStateException("public key unknown for a signer read from a private key file");
        }
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token for {@code userId} valid for one hour. */
    public String token(String userId) {
        return token(userId, Duration.ofHours(1));
    }

    /** A token for {@code userId} valid for {@code ttl} (negative: already expired). */
    public String token(String userId, Duration ttl) {
        return sign(claims(userId, ttl));
    }

    /**
     * An operator's token (JWT group {@code operator}) for {@code subject}, valid for {@code ttl}: the admin APIs of
     * the tombstone-service and the migration-worker accept it, the device API does not.
     */
    public String operatorToken(String subject, Duration ttl) {
        Map<String, Object> claims = claims(subject, ttl);
        claims.put("groups", List.of("operator"));
        return sign(claims);
    }

    private Map<String, Object> claims(String subject, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        if (subject != null) {
            claims.put("sub", subject);
        }
        claims.put("iat", now.minus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** Signs arbitrary claims with RS256. */
    public String sign(Map<String, Object> claims) {
        try {
            String header = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64.encodeToString(rs256.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned {@code alg=none} token: every verifier must refuse it. */
    public static String unsigned(String userId, String issuer) {
        try {
            Map<String, Object> claims = Map.of("iss", issuer, "sub", userId, "exp",
                    Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
            return B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "none", "typ", "JWT"))) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
