package io.syncid.gateway.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;

/** The authenticated caller of a request: the userId is the token's {@code sub}, never anything from a body. */
@RequestScoped
public class Caller {

    /** The {@code sub} prefix of the platform's own identities, never a device's. */
    public static final String RESERVED_PREFIX = "syncid-system:";

    private final JsonWebToken token;

    Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The caller's userId; a verified token without a subject is no identity at all (401). */
    public String userId() {
        String sub = token.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new AuthenticationFailedException("token has no sub claim");
        }
        // Platform items (the remote-writer's index-lag probe, SPEC §4) live under this prefix: no device may act as one.
        if (sub.startsWith(RESERVED_PREFIX)) {
            throw new AuthenticationFailedException("token sub is a reserved platform identity");
        }
        // The userId is the first segment of every attachment key: it must not smuggle in another segment.
        if (sub.length() > 256 || sub.chars().anyMatch(c -> c == '/' || Character.isISOControl(c))) {
            throw new AuthenticationFailedException("token sub is not a usable userId");
        }
        return sub;
    }
}
