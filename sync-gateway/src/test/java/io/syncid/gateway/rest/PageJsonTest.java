package io.syncid.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.syncid.gateway.config.StoredFieldsJson;
import io.syncid.gateway.repository.LaneRead;
import io.syncid.gateway.rest.dto.DocumentView;
import io.syncid.gateway.rest.dto.PullResponse;
import io.syncid.gateway.service.PullService;
import io.syncid.gateway.support.Documents;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.PullCursor;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A page written lane by lane on workers is byte for byte what Jackson writes for the whole {@link PullResponse}. */
class PageJsonTest {

    private static final ObjectMapper MAPPER = mapper();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(3);
    private static final String[] TITLES = {"Home insurance", "Zoë's \"car\" \\ policy", "税金 ✓", "tab\tand\nline",
            ""};

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    @Test
    void randomPagesAreWrittenAsTheWholeResponse() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int page = 0; page < 500; page++) {
            List<LaneRead> lanes = new ArrayList<>();
            int laneCount = random.nextInt(5);
            for (int lane = 0; lane < laneCount; lane++) {
                lanes.add(lane(random, lane, random.nextInt(6)));
            }
            PullCursor next = PullCursor.initial().completeAt(random.nextLong(1, Long.MAX_VALUE / 2));
            PullService.Page written = new PullService.Page(lanes, next, random.nextBoolean());
            PageJson json = new PageJson(MAPPER, random.nextBoolean() ? WORKERS : Runnable::run);
            lanes.forEach(json::lane);
            assertEquals(expected(written), new String(json.finish(written), StandardCharsets.UTF_8),
                    "page " + page + " of seed " + seed);
            assertEquals(expected(written), new String(PageJson.of(MAPPER, written), StandardCharsets.UTF_8),
                    "page " + page + " of seed " + seed + ", written at once");
        }
    }

    @Test
    void anEmptyPageIsAnEmptyDocumentList() throws Exception {
        PullService.Page empty = new PullService.Page(List.of(LaneRead.empty()), PullCursor.initial(), false);
        String written = new String(PageJson.of(MAPPER, empty), StandardCharsets.UTF_8);
        assertEquals(expected(empty), written);
        assertEquals(0, MAPPER.readValue(written, PullResponse.class).documents().size());
    }

    private static String expected(PullService.Page page) throws Exception {
        List<DocumentView> views = page.documents().stream().map(DocumentView::of).toList();
        return MAPPER.writeValueAsString(new PullResponse(views, page.next().encode(), page.hasMore()));
    }

    private static LaneRead lane(Random random, int lane, int size) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            SyncId syncId = SyncId.random();
            DocumentItem doc = random.nextInt(5) == 0
                    ? Documents.tombstone(syncId, "user-1", lane, i + 1L)
                    : Documents.withFields(
                            Documents.live(syncId, "user-1", lane, i + 1L, TITLES[random.nextInt(TITLES.length)]),
                            Map.of("renewal", "2027-01-31", "note", TITLES[random.nextInt(TITLES.length)], "amount",
                                    random.nextInt(1000), "nested", Map.of("list", List.of(1, "two", true))));
            items.add(DocumentItemCodec.toItem(doc));
        }
        return LaneRead.of(items);
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new StoredFieldsJson().customize(mapper);
        return mapper;
    }
}
