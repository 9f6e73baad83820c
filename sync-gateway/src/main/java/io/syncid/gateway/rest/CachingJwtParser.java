package io.syncid.gateway.rest;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.syncid.gateway.config.GatewayConfig;

/**
 * Puts {@link VerifiedTokens} in front of the parser that authenticates every request's bearer token (the one
 * {@code parse(String)} the MicroProfile JWT mechanism calls); everything else goes to the parser unchanged.
 */
@Decorator
@Priority(10)
abstract class CachingJwtParser implements JWTParser {

    private final JWTParser delegate;
    private final VerifiedTokens tokens;

    @Inject
    CachingJwtParser(@Delegate @Any JWTParser delegate, GatewayConfig config, MeterRegistry registry, Clock clock) {
        this.delegate = delegate;
        this.tokens = new VerifiedTokens(config.auth().tokenCacheSize(), config.auth().tokenCacheTtl(), clock::millis);
        FunctionCounter.builder("sync_gateway_token_reuses", tokens, VerifiedTokens::reused)
                .description("Requests authenticated by an earlier verification of the same token")
                .register(registry);
        Gauge.builder("sync_gateway_verified_tokens", tokens, VerifiedTokens::size)
                .description("Verified device tokens kept for reuse")
                .register(registry);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return tokens.verified(token, delegate::parse);
    }
}
