package io.syncid.gateway.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.syncid.gateway.repository.LaneRead;
import io.syncid.gateway.rest.dto.DocumentView;
import io.syncid.gateway.rest.dto.PullResponse;
import io.syncid.gateway.service.PullService;
import io.syncid.model.store.DocumentItem;

/**
 * Writes a pull page as the JSON of {@link PullResponse}, each lane's documents decoded and written on a worker while the
 * request thread queries the next lane: done after the last query, decoding and writing were about a quarter of a full
 * pull's CPU on the request thread, most of it now done while DynamoDB answers.
 */
final class PageJson {

    private static final byte[] START = "{\"documents\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CURSOR = "],\"nextCursor\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HAS_MORE = ",\"hasMore\":".getBytes(StandardCharsets.UTF_8);
    /** An estimate of one document's JSON, to size the page's buffer once. */
    private static final int DOCUMENT_BYTES = 512;

    private final ObjectMapper mapper;
    private final ObjectWriter views;
    private final Executor workers;
    private final List<CompletableFuture<byte[]>> lanes = new ArrayList<>();

    PageJson(ObjectMapper mapper, Executor workers) {
        this.mapper = mapper;
        this.views = mapper.writerFor(new TypeReference<List<DocumentView>>() {
        });
        this.workers = workers;
    }

    /** The whole page written on the calling thread: for a long-poll's answer, which is seldom large. */
    static byte[] of(ObjectMapper mapper, PullService.Page page) {
        PageJson json = new PageJson(mapper, Runnable::run);
        page.lanes().forEach(json::lane);
        return json.finish(page);
    }

    /** Starts decoding and writing the next part of the page's documents. */
    void lane(LaneRead documents) {
        if (!documents.isEmpty()) {
            lanes.add(CompletableFuture.supplyAsync(() -> array(documents.documents()), workers));
        }
    }

    /** The page: the parts' documents in the order they were given, then the cursor. */
    byte[] finish(PullService.Page page) {
        int documents = page.lanes().stream().mapToInt(LaneRead::size).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + documents * DOCUMENT_BYTES);
        out.writeBytes(START);
        for (int i = 0; i < lanes.size(); i++) {
            byte[] array = join(lanes.get(i));
            if (i > 0) {
                out.write(',');
            }
            out.write(array, 1, array.length - 2); // without the array's brackets
        }
        out.writeBytes(CURSOR);
        try {
            out.writeBytes(mapper.writeValueAsBytes(page.next().encode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(HAS_MORE);
        out.writeBytes(Boolean.toString(page.hasMore()).getBytes(StandardCharsets.US_ASCII));
        out.write('}');
        return out.toByteArray();
    }

    private byte[] array(List<DocumentItem> documents) {
        try {
            return views.writeValueAsBytes(documents.stream().map(DocumentView::of).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] join(CompletableFuture<byte[]> part) {
        try {
            return part.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
