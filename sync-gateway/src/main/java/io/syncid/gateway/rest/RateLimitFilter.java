package io.syncid.gateway.rest;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.syncid.gateway.service.RateLimits;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.Problems;

/**
 * Fair use: every authenticated request to the device API takes a token of its user's bucket before it runs; an empty
 * bucket answers 429 problem+json with {@code Retry-After}, counted by route (the operationId). Anonymous requests
 * pass on to the 401 of the resource.
 */
public class RateLimitFilter {

    private final RateLimits limits;
    private final CurrentIdentityAssociation identity;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<Method, Counter> refusals = new ConcurrentHashMap<>();

    RateLimitFilter(RateLimits limits, CurrentIdentityAssociation identity, MeterRegistry registry) {
        this.limits = limits;
        this.identity = identity;
        this.registry = registry;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ResourceInfo resource) {
        return identity.getDeferredIdentity().map(caller -> verdict(caller, resource.getResourceMethod()));
    }

    private Response verdict(SecurityIdentity caller, Method method) {
        if (caller.isAnonymous()) {
            return null;
        }
        String userId = caller.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject()
                : caller.getPrincipal().getName();
        RateLimits.Verdict verdict = limits.tryAcquire(userId);
        if (verdict.allowed()) {
            return null;
        }
        refusals.computeIfAbsent(method, this::counter).increment();
        return Problems.withRetryAfter(Problems.response(ErrorCode.TOO_MANY_REQUESTS,
                "too many requests from this user; retry after Retry-After seconds"), verdict.retryAfter());
    }

    private Counter counter(Method method) {
        Operation operation = method.getAnnotation(Operation.class);
        String route = operation != null && !operation.operationId().isEmpty()
                ? operation.operationId()
                : method.getDeclaringClass().getSimpleName() + "." + method.getName();
        return Counter.builder("sync_gateway_rate_limited_total")
                .description("Requests refused with 429 because their user was over the request rate, by route")
                .tag("route", route)
                .register(registry);
    }
}
