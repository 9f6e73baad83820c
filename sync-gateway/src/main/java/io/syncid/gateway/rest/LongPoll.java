package io.syncid.gateway.rest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import io.syncid.gateway.service.ChangeListeners;
import io.syncid.gateway.service.PullService;

/**
 * One held {@code GET /v1/documents?wait=…}: a plain {@link CompletableFuture} chain, so a waiting request costs a few
 * small objects and no thread; a Mutiny chain here captured and wrapped the request's context at every step, and
 * nothing after the first pull needs that context.
 */
final class LongPoll {

    private final PullService pull;
    private final ChangeListeners listeners;
    private final Executor workers;
    private final Function<PullService.Page, Response> view;
    private final List<Duration> relookPauses;
    private final String userId;
    private final String since;
    private final int pageSize;
    private final long deadline;
    private final CompletableFuture<Response> answer = new CompletableFuture<>();
    /** The listener currently registered, if any; let go of when the answer completes in any way. */
    private volatile CompletableFuture<Boolean> listening;

    LongPoll(PullService pull, ChangeListeners listeners, Executor workers,
            Function<PullService.Page, Response> view, List<Duration> relookPauses, String userId, String since,
            int pageSize, long deadline) {
        this.pull = pull;
        this.listeners = listeners;
        this.workers = workers;
        this.view = view;
        this.relookPauses = relookPauses;
        this.userId = userId;
        this.since = since;
        this.pageSize = pageSize;
        this.deadline = deadline;
    }

    /**
     * Runs the first look on the calling thread (its refusals and failures are thrown, as from any pull) and returns
     * the answer. Cancelling the answer (RESTEasy Reactive does when the client goes away) lets go of the listener.
     */
    CompletableFuture<Response> start() {
        answer.whenComplete((response, failure) -> release());
        listenThenPull();
        return answer;
    }

    /**
     * Listens before pulling, so a change applied between the pull and the listening is not missed; answers at once
     * when the pull has items or the wait is over, else when woken or at the deadline.
     */
    private void listenThenPull() {
        CompletableFuture<Boolean> woken = listeners.listen(userId);
        listening = woken;
        if (answer.isDone()) {
            release(); // cancelled while listening began
            return;
        }
        PullService.Page page;
        try {
            page = pull.pull(userId, since, pageSize);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        long remaining = deadline - System.nanoTime();
        if (!page.isEmpty() || remaining <= 0) {
            answer.complete(view.apply(page));
            return;
        }
        woken.completeOnTimeout(Boolean.FALSE, remaining, TimeUnit.NANOSECONDS)
                .thenAcceptAsync(this::afterWait, workers)
                .exceptionally(this::fail);
    }

    /**
     * After a wake-up the woken change may not show in the UserIndex yet (the index lags the table by less than the
     * settle window): an empty pull then looks again after each of the relook pauses while the wait lasts, then
     * listens again.
     */
    private void afterWait(boolean wasWoken) {
        if (answer.isDone()) {
            return;
        }
        release();
        PullService.Page page = pull.pull(userId, since, pageSize);
        if (!wasWoken || !page.isEmpty() || deadline - System.nanoTime() <= 0) {
            answer.complete(view.apply(page));
            return;
        }
        relook(0);
    }

    private void relook(int next) {
        long remaining = deadline - System.nanoTime();
        if (next >= relookPauses.size() || remaining <= 0) {
            listenThenPull();
            return;
        }
        long pause = Math.min(relookPauses.get(next).toNanos(), remaining);
        CompletableFuture.runAsync(() -> {
            if (answer.isDone()) {
                return;
            }
            PullService.Page page = pull.pull(userId, since, pageSize);
            if (!page.isEmpty() || deadline - System.nanoTime() <= 0) {
                answer.complete(view.apply(page));
            } else {
                relook(next + 1);
            }
        }, CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS, workers)).exceptionally(this::fail);
    }

    private Void fail(Throwable failure) {
        answer.completeExceptionally(
                failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
        return null;
    }

    /** Stops listening; completing the listener also drops its timeout task, which held this object till the deadline. */
    private void release() {
        CompletableFuture<Boolean> current = listening;
        if (current != null) {
            listeners.remove(userId, current);
            current.cancel(false);
        }
    }
}
